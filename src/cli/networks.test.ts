import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCliSandbox } from '../../test/support/cli.ts';
import { loadConfig } from '../config/config.ts';
import { bootApp } from '../main.ts';
import { DEMO_ADDRESS_FILE } from './demo-networks.ts';

describe('waakzaam networks assign', () => {
  let sandbox: ReturnType<typeof createCliSandbox>;

  beforeEach(() => {
    sandbox = createCliSandbox();
  });
  afterEach(() => sandbox.remove());

  it('given the demo networks and addresses imported again, assigning changes nothing and says so', async () => {
    expect((await sandbox.run(['demo'])).code).toBe(0);
    expect((await sandbox.run(['addresses', 'import', DEMO_ADDRESS_FILE, '--force'])).code).toBe(0);
    const result = await sandbox.run(['networks', 'assign']);
    expect(result.code).toBe(0);
    expect(result.out).toBe('297 addresses checked: 0 entered and 0 left a network, 0 networks changed.');
  });

  it('given a network whose assignments were lost, assigning restores them', async () => {
    await sandbox.run(['demo']);
    const app = await bootApp(loadConfig(sandbox.env));
    const before = await app.database.db.selectFrom('network_addresses').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    await app.database.db.deleteFrom('network_addresses').execute();
    await app.database.close();
    const result = await sandbox.run(['networks', 'assign']);
    expect(result.out).toBe(`297 addresses checked: ${Number(before.n)} entered and 0 left a network, 3 networks changed.`);
  });

  it('given anything but "assign", the usage is printed', async () => {
    const result = await sandbox.run(['networks', 'recompute']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('usage: waakzaam networks assign');
  });
});
