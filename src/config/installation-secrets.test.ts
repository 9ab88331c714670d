import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import webPush from 'web-push';
import { afterEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createPostgresDatabase, createTestDatabase } from '../../test/support/databases.ts';
import { type Database, migrateToLatest, openDatabase } from '../db/database.ts';
import { ConfigError, loadConfig } from './config.ts';
import { resolveInstallationSecrets } from './installation-secrets.ts';

describe.each(TEST_DIALECTS)('secrets of the installation (%s)', (dialect) => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const dataDir = () => {
    const folder = mkdtempSync(join(tmpdir(), 'waakzaam-secrets-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    return folder;
  };
  /** Two nodes: two handles on one database (a SQLite file, or one PostgreSQL database), each with its own data folder. */
  async function twoNodes(): Promise<[Database, Database]> {
    if (dialect === 'sqlite') {
      const file = join(dataDir(), 'waakzaam.sqlite');
      const a = openDatabase({ dialect: 'sqlite', file });
      await migrateToLatest(a);
      const b = openDatabase({ dialect: 'sqlite', file });
      cleanups.push(() => a.close(), () => b.close());
      return [a, b];
    }
    const url = await createPostgresDatabase();
    const a = openDatabase({ dialect: 'postgres', url, poolSize: 2 });
    await migrateToLatest(a);
    const b = openDatabase({ dialect: 'postgres', url, poolSize: 2 });
    cleanups.push(() => a.close(), () => b.close());
    return [a, b];
  }

  it('given two nodes starting together without configured keys, both get the same session secret and VAPID pair, created once', async () => {
    const [nodeA, nodeB] = await twoNodes();
    const [a, b] = await Promise.all([resolveInstallationSecrets(loadConfig({ WAAKZAAM_DATA_DIR: dataDir() }), nodeA), resolveInstallationSecrets(loadConfig({ WAAKZAAM_DATA_DIR: dataDir() }), nodeB)]);
    expect(a.security.sessionSecret).toMatch(/^[A-Za-z0-9_-]{64}$/);
    expect(a.push.vapidPublicKey).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(b.security.sessionSecret).toBe(a.security.sessionSecret);
    expect(b.push).toEqual(a.push);
    expect(await nodeB.db.selectFrom('installation_secrets').select('name').orderBy('name').execute()).toEqual([{ name: 'session-secret' }, { name: 'vapid-keys' }]);
  });

  it('given a node whose configured key contradicts the stored one, it refuses to start and says which variable; the same key is accepted', async () => {
    const [nodeA, nodeB] = await twoNodes();
    const keys = webPush.generateVAPIDKeys();
    const env = { WAAKZAAM_SESSION_SECRET: 's'.repeat(40), WAAKZAAM_VAPID_PUBLIC_KEY: keys.publicKey, WAAKZAAM_VAPID_PRIVATE_KEY: keys.privateKey };
    const first = await resolveInstallationSecrets(loadConfig(env), nodeA);
    expect(first.push).toMatchObject({ vapidPublicKey: keys.publicKey, vapidPrivateKey: keys.privateKey });
    expect((await resolveInstallationSecrets(loadConfig(env), nodeB)).security.sessionSecret).toBe('s'.repeat(40));

    const otherSecret = resolveInstallationSecrets(loadConfig({ ...env, WAAKZAAM_SESSION_SECRET: 't'.repeat(40) }), nodeB);
    await expect(otherSecret).rejects.toThrow(ConfigError);
    await expect(otherSecret).rejects.toThrow(/WAAKZAAM_SESSION_SECRET: differs from the value this installation keeps in its database/);
    const otherPair = webPush.generateVAPIDKeys();
    await expect(resolveInstallationSecrets(loadConfig({ ...env, WAAKZAAM_VAPID_PUBLIC_KEY: otherPair.publicKey, WAAKZAAM_VAPID_PRIVATE_KEY: otherPair.privateKey }), nodeB)).rejects.toThrow(/WAAKZAAM_VAPID_PUBLIC_KEY and WAAKZAAM_VAPID_PRIVATE_KEY: differs/);
    await expect(resolveInstallationSecrets(loadConfig({ WAAKZAAM_VAPID_PUBLIC_KEY: keys.publicKey }), nodeB)).rejects.toThrow(/give both or neither/);
  });

  it('given an installation whose secrets were generated into its data folder, their values move into the database', async () => {
    const database: TestDatabase = await createTestDatabase(dialect);
    cleanups.push(() => database.destroy());
    const folder = dataDir();
    const keys = webPush.generateVAPIDKeys();
    mkdirSync(join(folder, 'secrets'));
    writeFileSync(join(folder, 'secrets', 'session-secret'), `${'k'.repeat(64)}\n`);
    writeFileSync(join(folder, 'secrets', 'vapid.json'), JSON.stringify(keys));
    const config = await resolveInstallationSecrets(loadConfig({ WAAKZAAM_DATA_DIR: folder }), database);
    expect(config.security.sessionSecret).toBe('k'.repeat(64));
    expect(config.push).toMatchObject({ vapidPublicKey: keys.publicKey, vapidPrivateKey: keys.privateKey });
  });
});
