import { afterEach, describe, expect, it } from 'vitest';
import type { SmsMessage } from '../../src/channels/sms/sms.channel.ts';
import { type SmppSmsDriver, createSmppSmsDriver } from '../../src/channels/sms/smpp.sms-driver.ts';
import { createMemoryVoiceDriver } from '../../src/channels/voice/voice.channel.ts';
import { ZONE, addMember, seedAlertZone } from '../../src/modules/alerts/alerts.test-support.ts';
import { CHANNEL_UNAVAILABLE } from '../../src/modules/deliveries/channel-failover.ts';
import { createChannelHealth } from '../../src/modules/deliveries/channel-health.ts';
import type { Delivery, PlannedDelivery } from '../../src/modules/deliveries/deliveries.repository.ts';
import { insertAudience, insertBareAlert } from '../../src/modules/deliveries/deliveries.test-support.ts';
import { type Dispatcher, createDispatcher } from '../../src/modules/deliveries/dispatcher.ts';
import { systemClock } from '../../src/shared/clock.ts';
import { type TestApp, createTestApp } from '../support/app.ts';
import { TEST_DIALECTS } from '../support/databases.ts';
import { type Smsc, startSmsc } from '../support/smsc.ts';

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const PEOPLE = ['person-1', 'person-2'];

async function until(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const smsStep = (alertId: string, personId: string, now: number): PlannedDelivery => ({
  id: `${alertId}-${personId}-sms`,
  alertId,
  personId,
  channel: 'sms',
  contactPointId: `${personId}-cp0`,
  destination: `+3247${personId.replace(/\D/g, '').padStart(7, '0')}`,
  language: 'nl',
  step: 0,
  dueAt: now,
  unlessAcknowledged: false,
  idempotencyKey: `${alertId}.${personId}.sms.0`,
});

describe.each(TEST_DIALECTS)('SMS failover with the SMSC down on %s', (dialect) => {
  let app: TestApp | undefined;
  let smsc: Smsc | undefined;
  let driver: SmppSmsDriver | undefined;
  let dispatcher: Dispatcher | undefined;

  afterEach(async () => {
    await dispatcher?.stop();
    await driver?.close?.();
    await smsc?.stop();
    await app?.database.destroy();
  });

  it('given the SMSC stopped for longer than the failover time, red SMS fall over to a call once, green SMS wait and reach the SMSC once it is back', { timeout: 60_000 }, async () => {
    app = await createTestApp({ dialect });
    const now = Date.now();
    await seedAlertZone(app, now);
    await addMember(app, { id: 'person-1', red: ['sms', 'voice'] }, now);
    await addMember(app, { id: 'person-2', red: ['sms'] }, now);
    for (const alertId of ['alert-red', 'alert-green']) {
      await insertBareAlert(app.database, { alertId, now, zoneId: ZONE });
      await insertAudience(app.database, alertId, PEOPLE);
    }
    await app.database.db.updateTable('alerts').set({ severity: 'green' }).where('id', '=', 'alert-green').execute();

    smsc = await startSmsc();
    const port = smsc.port;
    driver = createSmppSmsDriver({ url: smsc.url(), window: 10, ratePerSecond: 0, enquireLinkSeconds: 30, defaultSender: 'BIN Zaventm', reconnect: { initialMs: 100, maxMs: 200 }, sendTimeoutMs: 2_000 });
    await driver.whenBound(10_000);
    expect(driver.health()).toMatchObject({ up: true, bound: true });
    await smsc.stop();
    await until(() => !driver!.health().up, 'the driver to see the SMSC gone');
    expect(driver.health()).toMatchObject({ up: false, bound: false });

    await app.deliveries.insertPlan([...PEOPLE.map((person) => smsStep('alert-red', person, Date.now())), ...PEOPLE.map((person) => smsStep('alert-green', person, Date.now()))], Date.now());
    const voice = createMemoryVoiceDriver();
    const render = {
      sms: (d: Delivery): SmsMessage => ({ to: d.destination, text: `${d.alertId} voor ${d.personId}` }),
      voice: (d: Delivery) => ({ to: d.destination, text: `${d.alertId} voor ${d.personId}`, language: d.language }),
    };
    const channels = { sms: { driver, concurrency: 10 }, voice: { driver: voice, concurrency: 4 } };
    const health = createChannelHealth({ drivers: { sms: driver, voice }, clock: systemClock });
    dispatcher = createDispatcher({ database: app.database, channels, render, clock: systemClock, logger: quiet, health, options: { pollMs: 100, failoverMs: 1_000 } });
    dispatcher.start();

    await until(() => voice.sent.length === 2, 'the calls that replace the red SMS');
    const red = await app.deliveries.listByAlert('alert-red');
    expect(red.map((d) => [d.personId, d.channel, d.status === 'failed' ? d.lastError : d.idempotencyKey])).toEqual([
      ['person-1', 'sms', CHANNEL_UNAVAILABLE],
      ['person-1', 'voice', 'alert-red.person-1.voice.failover'],
      ['person-2', 'sms', CHANNEL_UNAVAILABLE],
      ['person-2', 'voice', 'alert-red.person-2.voice.failover'],
    ]);
    expect(await app.deliveries.countsForAlert('alert-green')).toEqual([{ channel: 'sms', status: 'planned', count: 2 }]);
    expect(health.view().find((view) => view.channel === 'sms')).toMatchObject({ state: 'down' });

    // The SMSC back where it was: the driver binds again, the green SMS go, and only they.
    smsc = await startSmsc({ port });
    await until(async () => (await app!.deliveries.countsForAlert('alert-green')).every((count) => count.status === 'sent' || count.status === 'delivered'), 'the green SMS');
    await until(() => smsc!.messages().length === 2, 'the green SMS at the SMSC');
    await dispatcher.idle();
    expect(smsc.messages().map((message) => message.text).sort()).toEqual(['alert-green voor person-1', 'alert-green voor person-2']);
    expect(voice.sent.map((call) => call.idempotencyKey).sort()).toEqual(['alert-red.person-1.voice.failover', 'alert-red.person-2.voice.failover']);
    expect((await app.deliveries.listByAlert('alert-red')).filter((d) => d.channel === 'sms').every((d) => d.status === 'failed')).toBe(true);
  });
});
