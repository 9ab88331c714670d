import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SendOutcome } from '../../channels/channel.ts';
import type { SmsMessage } from '../../channels/sms/sms.channel.ts';
import type { VoiceMessage } from '../../channels/voice/voice.channel.ts';
import { TEST_DIALECTS } from '../../../test/support/databases.ts';
import { type TestApp, createTestApp } from '../../../test/support/app.ts';
import { createManualClock } from '../../shared/clock.ts';
import { createConsoleRepository } from '../console/console.repository.ts';
import { createDispatcher } from '../deliveries/dispatcher.ts';
import { createAlertDeliveryRenderer } from './alert-delivery-renderer.ts';
import { groupByDestination } from './alert-planning.models.ts';
import { planPendingAlerts } from './alert-planning-job.usecases.ts';
import { publishAlert } from './alert-planning.usecases.ts';
import { DAYTIME, DISPATCHER, addMember, publishAndPlan, publishInput, seedAlertZone } from './alerts.test-support.ts';

const RED_CHECKLIST = { happeningNow: true, concreteDescription: true, noDangerToResidents: true, inTheAct: true, nightReason: '' };
const LANDLINE = '+3216234567';
const MOBILE = '+32470999888';
const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

describe('grouping a chunk of the audience by destination', () => {
  const step = (channel: 'voice' | 'sms' | 'email', destination: string, n = 0, unlessAcknowledged = false) => ({ channel, contactPointId: `cp-${destination}`, destination, step: n, dueAt: 0, unlessAcknowledged });

  it('given two people on one landline and one e-mail each, one call speaks for both and each keeps their e-mail', () => {
    const grouped = groupByDestination([
      { personId: 'marie', language: 'fr', steps: [step('voice', LANDLINE), step('email', 'marie@example.be', 1)] },
      { personId: 'jan', language: 'nl', steps: [step('voice', LANDLINE), step('email', 'jan@example.be', 1)] },
    ]);
    expect(grouped.map((s) => [s.personId, s.channel, s.destination, s.language, s.household])).toEqual([
      ['marie', 'voice', LANDLINE, 'fr', ['jan']],
      ['marie', 'email', 'marie@example.be', 'fr', []],
      ['jan', 'email', 'jan@example.be', 'nl', []],
    ]);
  });

  it('given an escalation call on the shared number, it is grouped apart from the first call', () => {
    const grouped = groupByDestination([
      { personId: 'a', language: 'nl', steps: [step('sms', MOBILE), step('voice', MOBILE, 1, true)] },
      { personId: 'b', language: 'nl', steps: [step('voice', MOBILE), step('sms', MOBILE, 1)] },
    ]);
    expect(grouped.map((s) => [s.personId, s.channel, s.unlessAcknowledged, s.household])).toEqual([
      ['a', 'sms', false, ['b']],
      ['a', 'voice', true, []],
      ['b', 'voice', false, []],
    ]);
  });
});

describe.each(TEST_DIALECTS)('households in a red alert on %s', (dialect) => {
  let app: TestApp;
  let clock: ReturnType<typeof createManualClock>;

  beforeEach(async () => {
    clock = createManualClock(DAYTIME);
    app = await createTestApp({ dialect, clock });
    await seedAlertZone(app);
  });
  afterEach(async () => {
    await app.database.destroy();
  });

  // The alert with its planning job run to the end, and how many people and steps it planned.
  const red = async () => {
    const result = await publishAndPlan({ app, by: DISPATCHER, input: publishInput({ severity: 'red', checklist: RED_CHECKLIST }), target: { kind: 'networks', networkIds: ['net-a'] } });
    const people = await app.database.db.selectFrom('alert_audience').select('person_id').where('alert_id', '=', result.alert.id).execute();
    return { ...result, people: people.length, steps: (await app.deliveries.listByAlert(result.alert.id)).length };
  };

  function run(outcome: SendOutcome) {
    const calls: VoiceMessage[] = [];
    const texts: SmsMessage[] = [];
    const render = createAlertDeliveryRenderer(app);
    const dispatcher = createDispatcher({
      database: app.database,
      clock,
      logger: quiet,
      render,
      owner: 'dispatcher-a',
      random: () => 0.5,
      options: { pollMs: 60_000 },
      channels: {
        voice: { driver: { send: async (m: VoiceMessage) => (calls.push(m), outcome) }, concurrency: 1, maxAttempts: 1 },
        sms: { driver: { send: async (m: SmsMessage) => (texts.push(m), { kind: 'delivered', providerId: `sms-${texts.length}` }) }, concurrency: 1, maxAttempts: 1 },
      },
    });
    return { calls, texts, dispatcher };
  }

  const acknowledged = async (alertId: string) =>
    (await app.database.db.selectFrom('alert_audience').select(['person_id', 'acknowledged_via']).where('alert_id', '=', alertId).orderBy('person_id').execute()).map((r) => [r.person_id, r.acknowledged_via]);

  it('given two members on one landline, the red alert plans one call for the household and a "1" acknowledges both', async () => {
    await addMember(app, { id: 'p1', red: ['voice'], contacts: [{ kind: 'landline', value: LANDLINE }] });
    await addMember(app, { id: 'p2', red: ['voice'], contacts: [{ kind: 'landline', value: LANDLINE }] });
    const result = await red();
    expect(result.people).toBe(2);
    expect(result.steps).toBe(1);
    const steps = await app.deliveries.listByAlert(result.alert.id);
    expect(steps.map((d) => [d.personId, d.channel, d.destination])).toEqual([['p1', 'voice', LANDLINE]]);

    const { calls, dispatcher } = run({ kind: 'acknowledged', providerId: 'call-1' });
    await dispatcher.runOnce();
    await dispatcher.idle();
    await dispatcher.stop();
    expect(calls.map((c) => c.to)).toEqual([LANDLINE]);
    expect(calls[0]!.intro).toContain('Bericht voor de leden van uw gezin');
    expect(await acknowledged(result.alert.id)).toEqual([
      ['p1', 'voice'],
      ['p2', 'voice'],
    ]);
  });

  it('given two members on one mobile, the household gets one SMS and one call', async () => {
    await addMember(app, { id: 'p1', red: ['sms', 'voice'], contacts: [{ kind: 'mobile', value: MOBILE }] });
    await addMember(app, { id: 'p2', red: ['sms', 'voice'], contacts: [{ kind: 'mobile', value: MOBILE }] });
    const result = await red();
    const steps = await app.deliveries.listByAlert(result.alert.id);
    expect(steps.map((d) => [d.personId, d.channel, d.destination]).sort()).toEqual([
      ['p1', 'sms', MOBILE],
      ['p1', 'voice', MOBILE],
    ]);

    const { calls, texts, dispatcher } = run({ kind: 'acknowledged', providerId: 'call-1' });
    await dispatcher.runOnce();
    await dispatcher.idle();
    await dispatcher.stop();
    expect(texts.map((t) => t.to)).toEqual([MOBILE]);
    expect(calls.map((c) => c.to)).toEqual([MOBILE]);
    expect(await acknowledged(result.alert.id)).toEqual([
      ['p1', 'voice'],
      ['p2', 'voice'],
    ]);
  });

  it('given a household split over planning chunks of one person, the later people join the first chunk\'s call and SMS', async () => {
    for (const id of ['p1', 'p2', 'p3']) await addMember(app, { id, red: ['sms', 'voice'], contacts: [{ kind: 'mobile', value: MOBILE }] });
    const { alert } = await publishAlert({ app, by: DISPATCHER, input: publishInput({ severity: 'red', checklist: RED_CHECKLIST }), target: { kind: 'networks', networkIds: ['net-a'] } });
    await planPendingAlerts({ app, options: { chunkSize: 1, leaseMs: 15_000 } });
    const steps = await app.deliveries.listByAlert(alert.id);
    expect(steps.map((d) => [d.personId, d.channel]).sort()).toEqual([
      ['p1', 'sms'],
      ['p1', 'voice'],
    ]);
    for (const step of steps) expect(await app.deliveries.householdOf(step.id)).toEqual(['p2', 'p3']);
  });

  it('given a household call answered without a key, the console counts both people reached, one of them through the shared number', async () => {
    await addMember(app, { id: 'p1', red: ['voice'], contacts: [{ kind: 'landline', value: LANDLINE }] });
    await addMember(app, { id: 'p2', red: ['voice'], contacts: [{ kind: 'landline', value: LANDLINE }] });
    await addMember(app, { id: 'p3', red: ['voice'], contacts: [{ kind: 'landline', value: '+3216000000' }] });
    const result = await red();
    expect([result.people, result.steps]).toEqual([3, 2]);
    const { dispatcher } = run({ kind: 'delivered', providerId: 'call' });
    await dispatcher.runOnce();
    await dispatcher.idle();
    await dispatcher.stop();
    const reach = (await createConsoleRepository({ database: app.database }).reachOf([result.alert.id])).get(result.alert.id);
    expect(reach).toEqual({ total: 3, reached: 3, acknowledged: 0, shared: 1 });
  });

  it('given members with numbers of their own, nothing is grouped and the call speaks to one person', async () => {
    await addMember(app, { id: 'p1', red: ['voice'], contacts: [{ kind: 'landline', value: LANDLINE }] });
    await addMember(app, { id: 'p2', red: ['voice'], contacts: [{ kind: 'landline', value: '+3216000000' }] });
    const result = await red();
    expect(result.steps).toBe(2);
    const { calls, dispatcher } = run({ kind: 'acknowledged', providerId: 'call' });
    await dispatcher.runOnce();
    await dispatcher.idle();
    await dispatcher.stop();
    expect(calls).toHaveLength(2);
    expect(calls[0]!.intro).toContain('Bericht van het buurtinformatienetwerk');
  });
});
