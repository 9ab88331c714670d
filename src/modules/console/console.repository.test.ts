import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { createDeliveriesRepository } from '../deliveries/deliveries.repository.ts';
import { channelTable, curvePoints, needsResultReminder } from './console.models.ts';
import { type ConsoleRepository, createConsoleRepository } from './console.repository.ts';
import { type ConsoleWorld, dispatch, insertAlert, planSteps, seedConsoleWorld } from './console.test-support.ts';

const T0 = Date.UTC(2026, 0, 15, 21, 0, 0);
const MINUTE = 60_000;

describe.each(TEST_DIALECTS)('the console queries on %s', (dialect) => {
  let database: TestDatabase;
  let repository: ConsoleRepository;
  let world: ConsoleWorld;
  let alertId: string;

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    repository = createConsoleRepository({ database });
    world = await seedConsoleWorld(database, T0);
    ({ alertId } = await insertAlert(database, T0, { zoneId: world.zoneId, sentAt: T0 }));
    // Anna and Bert by e-mail and SMS, Carla by e-mail only.
    await planSteps(
      database,
      alertId,
      [
        { personId: world.anna, channel: 'email' },
        { personId: world.bert, channel: 'email' },
        { personId: world.carla, channel: 'email' },
        { personId: world.anna, channel: 'sms' },
        { personId: world.bert, channel: 'sms' },
      ],
      T0,
    );
  });
  afterEach(async () => {
    await database.destroy();
  });

  it('given steps dispatched through the engine, the console counts them per channel and status', async () => {
    await dispatch(database, 'email', [{ personId: world.anna, kind: 'sent' }, { personId: world.bert, kind: 'failed_permanent', reason: '550 mailbox unknown' }, { personId: world.carla, kind: 'sent' }], T0 + 30_000);
    await dispatch(database, 'sms', [{ personId: world.anna, kind: 'delivered' }], T0 + 40_000);

    const table = channelTable(await createDeliveriesRepository({ database }).countsForAlert(alertId));

    expect(table.rows.map((row) => [row.channel, row.counts])).toEqual([
      ['sms', { planned: 0, sending: 1, sent: 0, delivered: 1, acknowledged: 0, failed: 0, cancelled: 0 }],
      ['email', { planned: 0, sending: 0, sent: 2, delivered: 0, acknowledged: 0, failed: 1, cancelled: 0 }],
    ]);
    expect(table.total.all).toBe(5);
  });

  it('given sends, deliveries and an acknowledgement over three minutes, the curve rises at those minutes', async () => {
    const deliveries = createDeliveriesRepository({ database });
    await dispatch(database, 'email', [{ personId: world.anna, kind: 'sent' }, { personId: world.carla, kind: 'sent' }], T0 + 30_000);
    await dispatch(database, 'sms', [{ personId: world.bert, kind: 'delivered' }], T0 + 90_000);
    await deliveries.acknowledge({ alertId, personId: world.anna, via: 'link', now: T0 + 150_000 });

    const points = curvePoints(T0, await deliveries.reachOverTime(alertId, { from: T0, bucketMs: MINUTE, buckets: 3 }));

    expect(points).toEqual([
      { minute: 0, sent: 0, delivered: 0, acknowledged: 0 },
      { minute: 1, sent: 2, delivered: 0, acknowledged: 0 },
      { minute: 2, sent: 3, delivered: 1, acknowledged: 0 },
      { minute: 3, sent: 3, delivered: 1, acknowledged: 1 },
    ]);
  });

  it('given one person reached, the reach counts them and the not-reached list names the others with what failed', async () => {
    await dispatch(database, 'email', [{ personId: world.anna, kind: 'sent' }, { personId: world.bert, kind: 'failed_permanent', reason: '550 mailbox unknown' }], T0 + 30_000);

    expect((await repository.reachOf([alertId])).get(alertId)).toEqual({ total: 3, reached: 1, acknowledged: 0, shared: 0 });
    const { people, total } = await repository.unreached(alertId, { limit: 10 });
    expect(total).toBe(2);
    expect(people.map((p) => [p.firstName, p.networks])).toEqual([
      ['Bert', ['BIN Kerkstraat']],
      ['Carla', ['BIN Stationsstraat']],
    ]);
    expect(people[0]!.tried).toEqual(
      expect.arrayContaining([
        { channel: 'email', status: 'failed', lastError: '550 mailbox unknown' },
        { channel: 'sms', status: 'planned', lastError: null },
      ]),
    );
  });

  it("given a coordinator's network, the not-reached list holds only that network's members", async () => {
    const { people, total } = await repository.unreached(alertId, { networkId: world.networkB, limit: 10 });

    expect(total).toBe(1);
    expect(people.map((p) => p.lastName)).toEqual(['Claes']);
  });

  it('given an acknowledgement, the person counts as reached and acknowledged', async () => {
    await createDeliveriesRepository({ database }).acknowledge({ alertId, personId: world.carla, via: 'link', now: T0 + MINUTE });

    expect((await repository.reachOf([alertId])).get(alertId)).toEqual({ total: 3, reached: 1, acknowledged: 1, shared: 0 });
    expect((await repository.unreached(alertId, { limit: 10 })).people.map((p) => p.firstName)).toEqual(['Anna', 'Bert']);
  });

  it('given incidents of two zones, the list holds only the zones asked for, newest first', async () => {
    const later = await insertAlert(database, T0 + MINUTE, { zoneId: world.zoneId, title: 'Later' });
    await insertAlert(database, T0, { zoneId: world.otherZoneId, title: 'Elsewhere' });

    const incidents = await repository.listIncidents([world.zoneId], 10);

    expect(incidents.map((i) => i.title)).toEqual(['Later', 'Inbraak Kerkstraat']);
    expect(incidents[0]!.id).toBe(later.incidentId);
  });

  it('given a delivery that changes, the change mark changes', async () => {
    const before = await repository.changeMark(alertId);
    await dispatch(database, 'email', [{ personId: world.anna, kind: 'sent' }], T0 + 30_000);

    expect(await repository.changeMark(alertId)).not.toBe(before);
  });
});

describe('the result-message reminder', () => {
  const red = { kind: 'initial', severity: 'red', status: 'sent', sentAt: T0, sendAt: T0 };

  it('given a red alert sent an hour ago without a result message, it reminds', () => {
    expect(needsResultReminder([red], T0 + 60 * MINUTE)).toBe(true);
  });

  it('given less than an hour, a result message, or a green alert, it does not', () => {
    expect(needsResultReminder([red], T0 + 59 * MINUTE)).toBe(false);
    expect(needsResultReminder([red, { ...red, kind: 'result', severity: 'green' }], T0 + 90 * MINUTE)).toBe(false);
    expect(needsResultReminder([{ ...red, severity: 'green' }], T0 + 90 * MINUTE)).toBe(false);
  });
});
