import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createTestApp } from '../../test/support/app.ts';
import { createCliSandbox } from '../../test/support/cli.ts';
import { loadConfig } from '../config/config.ts';
import { bootApp, startRetentionSchedule } from '../main.ts';
import { personRow, seedRegistry } from '../modules/members/registry.test-support.ts';

const DAY = 86_400_000;

async function seedStaleApplication(database: Parameters<typeof seedRegistry>[0]) {
  const repos = await seedRegistry(database);
  const long = Date.now() - 100 * DAY;
  await repos.people.insert(personRow('stale', { now: long }));
  await repos.memberships.insert({ id: 'm-stale', changeId: 'm-stale-c', personId: 'stale', networkId: 'net-a', status: 'pending', byKind: 'member', actorId: null, now: long });
}

describe('waakzaam retention run', () => {
  let sandbox: ReturnType<typeof createCliSandbox>;

  beforeEach(() => {
    sandbox = createCliSandbox();
  });
  afterEach(() => sandbox.remove());

  it('given an application pending for 100 days, it removes it with its person and prints the counts', async () => {
    const app = await bootApp(loadConfig(sandbox.env));
    await seedStaleApplication(app.database);
    await app.database.close();
    const result = await sandbox.run(['retention', 'run']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('pending applications removed:      1');
    expect(result.out).toContain('people removed (no network left):  1');
    const after = await bootApp(loadConfig(sandbox.env));
    expect(await after.people.findById('stale')).toBeUndefined();
    await after.database.close();
  });

  it('given a wrong sub-command, it prints the usage and exits with 1', async () => {
    const result = await sandbox.run(['retention', 'now']);
    expect(result.code).toBe(1);
    expect(result.err).toContain('usage: waakzaam retention run');
  });
});

describe('the retention schedule inside serve', () => {
  it('given a short interval, the job runs by itself and stops when asked', async () => {
    const app = await createTestApp();
    await seedStaleApplication(app.database);
    const schedule = startRetentionSchedule(app, 20);
    try {
      await vi.waitFor(async () => expect(await app.people.findById('stale')).toBeUndefined(), { timeout: 5000, interval: 20 });
      await schedule.stop();
      const [entry] = await app.audit.list({ zoneIds: 'all', limit: 1, actionPrefix: 'members.retention' });
      expect(JSON.parse(entry!.details)).toMatchObject({ pendingApplicationsRemoved: 1, peopleRemoved: 1 });
    } finally {
      await schedule.stop();
      await app.database.destroy();
    }
  });
});
