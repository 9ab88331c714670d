import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCliSandbox } from '../../test/support/cli.ts';
import { TEST_DIALECTS, createPostgresDatabase } from '../../test/support/databases.ts';
import { loadConfig } from '../config/config.ts';
import { type Database, type Dialect, openDatabase } from '../db/database.ts';
import { bootApp } from '../main.ts';

/** A sandbox whose database is SQLite in its data folder, or a fresh, empty PostgreSQL database. */
async function sandboxFor(dialect: Dialect) {
  if (dialect === 'sqlite') {
    const sandbox = createCliSandbox();
    return { sandbox, open: () => openDatabase({ dialect: 'sqlite', file: join(sandbox.dataDir, 'waakzaam.sqlite') }) };
  }
  const url = await createPostgresDatabase();
  return { sandbox: createCliSandbox({ DATABASE_URL: url }), open: () => openDatabase({ dialect: 'postgres', url }) };
}

describe.each(TEST_DIALECTS)('waakzaam audit verify on %s', (dialect) => {
  let context: Awaited<ReturnType<typeof sandboxFor>>;

  beforeEach(async () => {
    context = await sandboxFor(dialect);
    const app = await bootApp(loadConfig(context.sandbox.env));
    for (const action of ['zone.created', 'zone.updated', 'dispatch_centre.created']) await app.auditLog.record({ actor: null, label: 'test' }, { action });
    await app.database.close();
  });
  afterEach(async () => {
    context.sandbox.remove();
  });

  async function tamper(statement: (db: Database['db']) => Promise<unknown>) {
    const database = context.open();
    await statement(database.db);
    await database.close();
  }

  it('given an untouched log, it reports the entries checked and exits 0', async () => {
    const result = await context.sandbox.run(['audit', 'verify']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Checked 3 audit log entries');
    expect(result.out).toContain('The audit chain is intact.');
  });

  it('given a changed entry, it names the entry and the problem and exits 1', async () => {
    await tamper((db) => sql`update audit_log set action = 'zone.deleted' where seq = 2`.execute(db));
    const result = await context.sandbox.run(['audit', 'verify']);
    expect(result.code).toBe(1);
    expect(result.out).toContain('seq 2: hash_mismatch (the entry was changed after it was written)');
    expect(result.out).toContain('1 problem found');
  });

  it('given the newest entry deleted, it reports the truncation and exits 1', async () => {
    await tamper((db) => sql`delete from audit_log where seq = 3`.execute(db));
    const result = await context.sandbox.run(['audit', 'verify']);
    expect(result.code).toBe(1);
    expect(result.out).toContain('seq 3: truncated');
  });
});

describe('waakzaam audit usage', () => {
  it('given no sub-command, it prints one line of usage on stderr and exits 1', async () => {
    const sandbox = createCliSandbox();
    const result = await sandbox.run(['audit']);
    sandbox.remove();
    expect(result).toMatchObject({ code: 1, err: 'waakzaam audit: usage: waakzaam audit verify | waakzaam audit merges', errLines: 1 });
  });
});

describe.each(TEST_DIALECTS)('waakzaam audit merges on %s', (dialect) => {
  let context: Awaited<ReturnType<typeof sandboxFor>>;

  beforeEach(async () => {
    context = await sandboxFor(dialect);
    const app = await bootApp(loadConfig(context.sandbox.env));
    const merged = (details: Record<string, unknown>) => app.auditLog.record({ actor: null, label: 'system' }, { action: 'members.merged', objectType: 'person', objectId: 'kept-1', details });
    await merged({ mergedPersonId: 'gone-1', sameVerified: 'landline' });
    await merged({ mergedPersonId: 'gone-2', sameVerified: 'email' });
    await merged({ mergedPersonId: 'gone-3', chosenBy: 'member', sameVerified: 'mobile', keptFromMerged: [] });
    await app.database.close();
  });
  afterEach(async () => {
    context.sandbox.remove();
  });

  it('given past merges, it lists only those made by the system because of a shared phone number', async () => {
    const result = await context.sandbox.run(['audit', 'merges']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('kept kept-1  merged gone-1  by shared landline');
    expect(result.out).not.toContain('gone-2');
    expect(result.out).not.toContain('gone-3');
    expect(result.out).toContain('1 past merge by a shared phone number');
  });
});
