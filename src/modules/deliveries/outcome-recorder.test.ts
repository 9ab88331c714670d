import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { type DeliveriesRepository, createDeliveriesRepository } from './deliveries.repository.ts';
import { bareSteps, insertBareAlert } from './deliveries.test-support.ts';
import { createOutcomeRecorder } from './outcome-recorder.ts';

describe.each(TEST_DIALECTS)('grouped outcome writes on %s', (dialect) => {
  let database: TestDatabase;
  let deliveries: DeliveriesRepository;
  const now = Date.UTC(2026, 0, 15, 9);

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    deliveries = createDeliveriesRepository({ database });
    await insertBareAlert(database, { alertId: 'alert-1', now });
    await deliveries.insertPlan(bareSteps('alert-1', 50, { dueAt: now }), now);
    await deliveries.claim({ channel: 'email', owner: 'a', now, leaseMs: 60_000, limit: 50 });
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('given many outcomes at once, each is written and each caller learns whether it still held the lease', async () => {
    const recorder = createOutcomeRecorder({ database });
    const held = await Promise.all(
      bareSteps('alert-1', 50, { dueAt: now }).map((step, i) => recorder.record((queue) => queue.complete(step.id, i === 7 ? 'someone-else' : 'a', { kind: 'sent' }, now))),
    );
    expect(held.filter((ok) => !ok)).toHaveLength(1);
    expect(held[7]).toBe(false);
    expect(await deliveries.countsForAlert('alert-1')).toEqual([
      { channel: 'email', status: 'sending', count: 1 },
      { channel: 'email', status: 'sent', count: 49 },
    ]);
  });

  it('given a write that fails, its whole group is rolled back and every caller in it is told', async () => {
    const recorder = createOutcomeRecorder({ database });
    const [first, ...rest] = bareSteps('alert-1', 4, { dueAt: now });
    // The first write runs alone; the next three arrive meanwhile and form one group.
    const alone = recorder.record((queue) => queue.complete(first!.id, 'a', { kind: 'sent' }, now));
    const group = rest.map((step, i) =>
      recorder.record(async (queue) => {
        const held = await queue.complete(step.id, 'a', { kind: 'sent' }, now);
        if (i === 2) throw new Error('database gone');
        return held;
      }),
    );
    expect(await alone).toBe(true);
    const settled = await Promise.allSettled(group);
    expect(settled.map((result) => result.status)).toEqual(['rejected', 'rejected', 'rejected']);
    const statuses = (await deliveries.listByAlert('alert-1')).filter((d) => [first!.id, ...rest.map((s) => s.id)].includes(d.id)).map((d) => [d.id, d.status]);
    expect(Object.fromEntries(statuses)).toEqual({ [first!.id]: 'sent', [rest[0]!.id]: 'sending', [rest[1]!.id]: 'sending', [rest[2]!.id]: 'sending' });
  });
});
