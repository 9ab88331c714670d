import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelHealth } from '../../channels/channel.ts';
import { createMemoryEmailDriver } from '../../channels/email/email.channel.ts';
import { type SmsMessage, createMemorySmsDriver } from '../../channels/sms/sms.channel.ts';
import { createMemoryVoiceDriver } from '../../channels/voice/voice.channel.ts';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { TEST_DIALECTS } from '../../../test/support/databases.ts';
import { createManualClock } from '../../shared/clock.ts';
import { ZONE, addMember, seedAlertZone } from '../alerts/alerts.test-support.ts';
import { CHANNEL_UNAVAILABLE, createFailoverPlanner } from './channel-failover.ts';
import { createChannelHealth } from './channel-health.ts';
import type { PlannedDelivery } from './deliveries.repository.ts';
import { insertAudience, insertBareAlert } from './deliveries.test-support.ts';
import type { Delivery } from './deliveries.repository.ts';
import type { DeliveryRenderer } from './delivery-renderer.ts';
import { type Dispatcher, createDispatcher } from './dispatcher.ts';

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const render: DeliveryRenderer = {
  sms: (d: Delivery): SmsMessage => ({ to: d.destination, text: `Alert ${d.alertId}` }),
  voice: (d: Delivery) => ({ to: d.destination, text: `Alert ${d.alertId}`, language: d.language }),
  email: (d: Delivery) => ({ to: d.destination, subject: `Alert ${d.alertId}`, text: 'Be vigilant.' }),
};
const FAILOVER_MS = 60_000;

/** The memory SMS driver with a health the test switches, as an SMPP bind that is lost and back. */
function createSwitchableSmsDriver(clock: { now: () => number }) {
  const driver = createMemorySmsDriver();
  let health: ChannelHealth = { up: true, since: clock.now() };
  return {
    ...driver,
    sent: driver.sent,
    health: () => health,
    setUp(up: boolean) {
      health = { up, since: clock.now(), ...(up ? {} : { reason: 'connection lost' }) };
    },
  };
}

/** One step of `channel` for `personId`, as the planner writes it. */
function step(alertId: string, personId: string, channel: 'sms' | 'voice', n: number, destination: string, dueAt: number): PlannedDelivery {
  return { id: `${alertId}-${personId}-${channel}`, alertId, personId, channel, contactPointId: null, destination, language: 'nl', step: n, dueAt, unlessAcknowledged: false, idempotencyKey: `${alertId}.${personId}.${channel}.${n}` };
}

describe.each(TEST_DIALECTS)('channel failover on %s', (dialect) => {
  let app: TestApp;
  let clock: ReturnType<typeof createManualClock>;
  let dispatcher: Dispatcher | undefined;

  beforeEach(async () => {
    clock = createManualClock();
    app = await createTestApp({ dialect, clock });
    await seedAlertZone(app, clock.now());
  });
  afterEach(async () => {
    await dispatcher?.stop();
    await app.database.destroy();
  });

  it('given the SMSC down longer than the failover time, red SMS steps fall over to a call exactly once and green SMS steps wait and go once it is back', async () => {
    const now = clock.now();
    // person-1 chose SMS then a call; person-2 only SMS (the red fallback calls); person-3 has a
    // call planned already (the next usable channel is e-mail); person-4 too, and no e-mail address:
    // nothing is left to fall over to.
    await addMember(app, { id: 'person-1', red: ['sms', 'voice'] }, now);
    await addMember(app, { id: 'person-2', red: ['sms'] }, now);
    await addMember(app, { id: 'person-3', red: ['sms', 'voice'] }, now);
    await addMember(app, { id: 'person-4', red: ['sms'], contacts: [{ kind: 'mobile', value: '+32470000004' }] }, now);
    const people = ['person-1', 'person-2', 'person-3', 'person-4'];
    for (const alertId of ['alert-red', 'alert-green']) {
      await insertBareAlert(app.database, { alertId, now, zoneId: ZONE });
      await insertAudience(app.database, alertId, people);
    }
    await app.database.db.updateTable('alerts').set({ severity: 'green' }).where('id', '=', 'alert-green').execute();
    const mobile = (person: string) => `+3247${person.replace(/\D/g, '').padStart(7, '0')}`;
    await app.deliveries.insertPlan(
      [
        ...people.map((person) => step('alert-red', person, 'sms', 0, person === 'person-4' ? '+32470000004' : mobile(person), now)),
        ...people.map((person) => step('alert-green', person, 'sms', 0, person === 'person-4' ? '+32470000004' : mobile(person), now)),
        step('alert-red', 'person-3', 'voice', 1, mobile('person-3'), now + 3_600_000),
        step('alert-red', 'person-4', 'voice', 1, '+32470000004', now + 3_600_000),
      ],
      now,
    );

    const sms = createSwitchableSmsDriver(clock);
    const voice = createMemoryVoiceDriver();
    const email = createMemoryEmailDriver();
    const channels = { sms: { driver: sms, concurrency: 5 }, voice: { driver: voice, concurrency: 5 }, email: { driver: email, concurrency: 5 } };
    const health = createChannelHealth({ drivers: { sms, voice, email }, clock });
    dispatcher = createDispatcher({ database: app.database, channels, render, clock, logger: quiet, owner: 'node-a', health, options: { pollMs: 60_000, failoverMs: FAILOVER_MS } });
    const round = async () => {
      await dispatcher!.runOnce();
      await dispatcher!.idle();
    };

    sms.setUp(false);
    clock.advance(FAILOVER_MS - 1);
    await round();
    // Down, but not for long enough: every step waits, none is spent.
    expect(await app.deliveries.countsForAlert('alert-red')).toEqual([
      { channel: 'sms', status: 'planned', count: 4 },
      { channel: 'voice', status: 'planned', count: 2 },
    ]);
    expect(health.view().find((view) => view.channel === 'sms')).toMatchObject({ state: 'down', since: now, reason: 'connection lost' });

    clock.advance(1);
    await round();
    await round();
    const red = await app.deliveries.listByAlert('alert-red');
    expect(red.filter((d) => d.channel === 'sms').map((d) => [d.personId, d.status, d.lastError])).toEqual(people.map((person) => [person, 'failed', CHANNEL_UNAVAILABLE]));
    const fallen = red.filter((d) => d.idempotencyKey.endsWith('.failover'));
    expect(fallen.map((d) => [d.personId, d.channel, d.step, d.status, d.destination])).toEqual([
      ['person-1', 'voice', 1, 'sent', mobile('person-1')],
      ['person-2', 'voice', 1, 'sent', mobile('person-2')],
      ['person-3', 'email', 2, 'sent', 'person-3@example.test'],
    ]);
    expect(voice.sent.map((call) => call.idempotencyKey).sort()).toEqual(['alert-red.person-1.voice.failover', 'alert-red.person-2.voice.failover']);
    expect(email.sent).toHaveLength(1);
    expect(await app.deliveries.countsForAlert('alert-green')).toEqual([{ channel: 'sms', status: 'planned', count: 4 }]);
    expect(sms.sent).toEqual([]);

    // Back: the green SMS go, once; the red ones that fell over are not sent after all.
    sms.setUp(true);
    await round();
    await round();
    expect(sms.sent.map((message) => message.idempotencyKey).sort()).toEqual(people.map((person) => `alert-green.${person}.sms.0`));
    expect(voice.sent).toHaveLength(2);
    expect(await app.deliveries.countsForAlert('alert-green')).toEqual([{ channel: 'sms', status: 'sent', count: 4 }]);
  });

  it('given a replacement written already by another node, the same replacement is not written twice', async () => {
    const now = clock.now();
    await addMember(app, { id: 'person-1', red: ['sms', 'push', 'voice'] }, now);
    await insertBareAlert(app.database, { alertId: 'alert-red', now, zoneId: ZONE });
    await app.deliveries.insertPlan([step('alert-red', 'person-1', 'sms', 0, '+32470000001', now)], now);
    const failed = (await app.deliveries.listByAlert('alert-red'))[0]!;
    const plan = createFailoverPlanner({ database: app.database });
    // Both nodes read the person before either wrote: both choose the call (no push device).
    const [first, second] = [await plan(failed, { now, unusable: new Set() }), await plan(failed, { now, unusable: new Set() })];
    expect([first?.channel, second?.channel]).toEqual(['voice', 'voice']);
    expect(await app.deliveries.insertStepOnce(first!, now)).toBe(true);
    expect(await app.deliveries.insertStepOnce(second!, now)).toBe(false);
    expect((await app.deliveries.listByAlert('alert-red')).map((d) => [d.channel, d.step, d.idempotencyKey])).toEqual([
      ['sms', 0, 'alert-red.person-1.sms.0'],
      ['voice', 1, 'alert-red.person-1.voice.failover'],
    ]);
  });
});
