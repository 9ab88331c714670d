import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCliSandbox } from '../../test/support/cli.ts';
import { loadConfig } from '../config/config.ts';
import { bootApp } from '../main.ts';

describe('waakzaam admin create', () => {
  let sandbox: ReturnType<typeof createCliSandbox>;

  beforeEach(() => {
    sandbox = createCliSandbox({ WAAKZAAM_PUBLIC_URL: 'https://bin.example.test' });
  });
  afterEach(() => {
    sandbox.remove();
  });

  it('given an e-mail and a name, it creates a platform administrator without password and prints a one-time link', async () => {
    const result = await sandbox.run(['admin', 'create', '--email', 'Root@Example.test', '--name', 'Rita Root']);
    expect(result.code).toBe(0);
    const link = /https:\/\/bin\.example\.test\/password\/reset\/(\S+)/.exec(result.out);
    expect(link).not.toBeNull();

    const app = await bootApp(loadConfig(sandbox.env));
    try {
      const account = (await app.accounts.findByEmail('root@example.test'))!;
      expect(account).toMatchObject({ name: 'Rita Root', passwordHash: null });
      expect((await app.accounts.resolvedGrants(account.id)).map((g) => g.role)).toEqual(['platform_admin']);
      expect(await app.oneTimeTokens.peek(link![1]!, 'password_reset', Date.now())).toEqual({ accountId: account.id });
      expect(await app.oneTimeTokens.peek(link![1]!, 'password_reset', Date.now() + 24 * 3_600_000 + 1000)).toBeUndefined();
      const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1 });
      expect(entry).toMatchObject({ action: 'staff.created', actorLabel: 'command line', objectId: account.id });
    } finally {
      await app.database.close();
    }
  });

  it('given an address that already has an account, it says so in one line and exits 1', async () => {
    await sandbox.run(['admin', 'create', '--email', 'root@example.test', '--name', 'Rita Root']);
    const result = await sandbox.run(['admin', 'create', '--email', 'ROOT@example.test', '--name', 'Rita Again']);
    expect(result.code).toBe(1);
    expect(result.errLines).toBe(1);
    expect(result.err).toBe('waakzaam admin: an account with the e-mail address root@example.test exists already');
  });

  it('given a bad e-mail address or no name, it says which in one line and exits 1', async () => {
    const bad = await sandbox.run(['admin', 'create', '--email', 'not-an-address', '--name', 'X']);
    expect(bad).toMatchObject({ code: 1, errLines: 1, err: 'waakzaam admin: the e-mail address is not valid' });
    const noName = await sandbox.run(['admin', 'create', '--email', 'x@example.test']);
    expect(noName).toMatchObject({ code: 1, err: 'waakzaam admin: --name is required' });
    const noVerb = await sandbox.run(['admin', '--email', 'x@example.test', '--name', 'X']);
    expect(noVerb.code).toBe(1);
    expect(noVerb.err).toContain('usage: waakzaam admin create');
  });
});
