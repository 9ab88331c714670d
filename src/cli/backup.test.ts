import { statSync } from 'node:fs';
import { createBlobStore } from '../modules/blobs/blobs.repository.ts';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCliSandbox } from '../../test/support/cli.ts';
import { loadConfig } from '../config/config.ts';
import { openDatabase } from '../db/database.ts';
import { bootApp } from '../main.ts';
import { createZonesRepository } from '../modules/zones/zones.repository.ts';

describe('waakzaam backup', () => {
  let sandbox: ReturnType<typeof createCliSandbox>;

  beforeEach(() => {
    sandbox = createCliSandbox();
  });
  afterEach(() => sandbox.remove());

  it('given a SQLite installation, it writes a copy readable by its owner only that holds the data, its files and secrets, and prints its file and size', async () => {
    const app = await bootApp(loadConfig(sandbox.env));
    await app.zones.insert({ id: 'zone-1', code: 'DEMO', name: 'PZ Demo', languages: ['nl'], defaultLanguage: 'nl', timeZone: 'Europe/Brussels', now: 1 });
    await app.blobs.put({ key: 'charters/n1.pdf', data: Buffer.from('%PDF-1.4 charter'), contentType: 'application/pdf', now: 1 });
    // The server stays open during the backup, as it would in production.
    const target = join(sandbox.dataDir, 'backup.sqlite');
    const result = await sandbox.run(['backup', target]);
    await app.database.close();
    expect(result.code).toBe(0);
    expect(result.out).toMatch(new RegExp(`written to ${target} \\(\\d+(\\.\\d)? KiB\\)`));
    const copy = openDatabase({ dialect: 'sqlite', file: target });
    expect(await createZonesRepository({ database: copy }).findByCode('DEMO')).toMatchObject({ name: 'PZ Demo' });
    expect((await createBlobStore({ database: copy }).get('charters/n1.pdf'))?.data.toString()).toBe('%PDF-1.4 charter');
    const secrets = await copy.db.selectFrom('installation_secrets').select('name').orderBy('name').execute();
    expect(secrets.map((row) => row.name)).toEqual(['session-secret', 'vapid-keys']);
    await copy.close();
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it('given a file that exists already, it refuses in one line and leaves the file alone', async () => {
    await (await bootApp(loadConfig(sandbox.env))).database.close();
    const target = join(sandbox.dataDir, 'existing.sqlite');
    writeFileSync(target, 'keep me');
    const result = await sandbox.run(['backup', target]);
    expect(result).toMatchObject({ code: 1, errLines: 1 });
    expect(result.err).toContain('exists already');
    expect(readFileSync(target, 'utf8')).toBe('keep me');
  });

  it('given no database yet, it says where it looked instead of creating an empty one', async () => {
    const result = await sandbox.run(['backup', join(sandbox.dataDir, 'b.sqlite')]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`no database at ${join(sandbox.dataDir, 'waakzaam.sqlite')}`);
    expect(existsSync(join(sandbox.dataDir, 'waakzaam.sqlite'))).toBe(false);
  });

  it('given PostgreSQL, it prints the pg_dump command without the password and exits 0', async () => {
    const result = await sandbox.run(['backup', '/var/backups/waakzaam.dump'], { DATABASE_URL: 'postgres://waakzaam:s3cr%27et@db.example:5432/waakzaam' });
    expect(result.code).toBe(0);
    expect(result.out).toContain("pg_dump --format=custom --no-owner --file=/var/backups/waakzaam.dump --dbname=postgres://waakzaam@db.example:5432/waakzaam");
    expect(result.out).not.toContain('s3cr');
    expect(result.out).toContain('password is left out');
  });

  it('given no file name, it prints the usage in one line and exits 1', async () => {
    const result = await sandbox.run(['backup']);
    expect(result).toMatchObject({ code: 1, err: 'waakzaam backup: usage: waakzaam backup FILE' });
  });
});
