import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { createDeliveriesRepository } from '../deliveries/deliveries.repository.ts';
import { type AlertSnapshot, type AlertWatches, createAlertWatches } from './alert-watch.ts';
import { createConsoleRepository } from './console.repository.ts';
import { dispatch, insertAlert, planSteps, seedConsoleWorld } from './console.test-support.ts';

const T0 = Date.UTC(2026, 0, 15, 21, 0, 0);

describe('watching alerts', () => {
  let database: TestDatabase;
  let watches: AlertWatches;
  let alertId: string;
  let anna: string;

  beforeEach(async () => {
    database = await createTestDatabase('sqlite');
    const world = await seedConsoleWorld(database, T0);
    anna = world.anna;
    ({ alertId } = await insertAlert(database, T0, { zoneId: world.zoneId }));
    await planSteps(database, alertId, [{ personId: world.anna, channel: 'sms' }], T0);
    const deliveries = createDeliveriesRepository({ database });
    watches = createAlertWatches({ consoleRepository: createConsoleRepository({ database }), countsForAlert: (id) => deliveries.countsForAlert(id), intervalMs: 20 });
  });
  afterEach(async () => {
    watches.close();
    await database.destroy();
  });

  it('given two viewers of one alert, one poll serves both and stops when both leave', async () => {
    const seen: AlertSnapshot[][] = [[], []];
    const leave = [await watches.subscribe(alertId, (s) => seen[0]!.push(s)), await watches.subscribe(alertId, (s) => seen[1]!.push(s))];

    expect(watches.size).toBe(1);
    expect(seen.map((list) => list[0]?.counts)).toEqual([[{ channel: 'sms', status: 'planned', count: 1 }], [{ channel: 'sms', status: 'planned', count: 1 }]]);

    await dispatch(database, 'sms', [{ personId: anna, kind: 'delivered' }], T0 + 1000);
    await expect.poll(() => seen.map((list) => list.at(-1)?.reach.reached)).toEqual([1, 1]);

    for (const unsubscribe of leave) unsubscribe();
    expect(watches.size).toBe(0);
  });
});
