import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SendOutcome } from '../../channels/channel.ts';
import type { VoiceMessage } from '../../channels/voice/voice.channel.ts';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { createManualClock } from '../../shared/clock.ts';
import { type DeliveriesRepository, type Delivery, createDeliveriesRepository } from './deliveries.repository.ts';
import { bareSteps, insertAudience, insertBareAlert } from './deliveries.test-support.ts';
import { type Dispatcher, createDispatcher } from './dispatcher.ts';

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
const render = { voice: (d: Delivery): VoiceMessage => ({ to: d.destination, text: 'Wees waakzaam.', language: d.language }) };

/** A voice driver that answers each call with the outcome the test gives for its number. */
function scriptedVoice(outcomes: (to: string) => SendOutcome) {
  const called: string[] = [];
  return { called, send: async (message: VoiceMessage) => (called.push(message.to), outcomes(message.to)) };
}

describe.each(TEST_DIALECTS)('calls through the dispatcher on %s', (dialect) => {
  let database: TestDatabase;
  let deliveries: DeliveriesRepository;
  let clock: ReturnType<typeof createManualClock>;
  const running: Dispatcher[] = [];

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    deliveries = createDeliveriesRepository({ database });
    clock = createManualClock();
    await insertBareAlert(database, { alertId: 'alert-1', now: clock.now() });
    await insertAudience(database, 'alert-1', ['person-1', 'person-2']);
  });
  afterEach(async () => {
    for (const dispatcher of running.splice(0)) await dispatcher.stop();
    await database.destroy();
  });

  function dispatcher(voice: ReturnType<typeof scriptedVoice>, extra: { retry?: { baseMs: number; maxMs: number; spacing?: 'fixed' } } = {}) {
    const created = createDispatcher({ database, clock, logger: quiet, render, owner: 'dispatcher-a', random: () => 0.5, options: { pollMs: 60_000 }, channels: { voice: { driver: voice, concurrency: 2, maxAttempts: 3, ...extra } } });
    running.push(created);
    return created;
  }

  it('given a member who presses 1 in the call, the step is acknowledged, the person reached by voice and their escalation e-mail skipped', async () => {
    const [call1, call2] = bareSteps('alert-1', 2, { channel: 'voice', dueAt: clock.now() });
    const escalation = bareSteps('alert-1', 1, { channel: 'email', dueAt: clock.now() + 180_000, step: 1, unlessAcknowledged: true })[0]!;
    await deliveries.insertPlan([call1!, call2!, escalation], clock.now());
    const voice = scriptedVoice((to) => (to === call1!.destination ? { kind: 'acknowledged', providerId: 'call-1' } : { kind: 'delivered', providerId: 'call-2' }));
    const d = dispatcher(voice);
    await d.runOnce();
    await d.idle();

    expect(await deliveries.findById(call1!.id)).toMatchObject({ status: 'acknowledged', providerId: 'call-1', leaseOwner: null });
    expect(await deliveries.findById(call2!.id)).toMatchObject({ status: 'delivered', providerId: 'call-2' });
    expect(await deliveries.findById(escalation.id)).toMatchObject({ status: 'skipped' });
    const audience = await database.db.selectFrom('alert_audience').select(['person_id', 'acknowledged_at', 'acknowledged_via']).orderBy('person_id').execute();
    expect(audience.map((row) => [row.person_id, row.acknowledged_via, row.acknowledged_at === null ? null : Number(row.acknowledged_at)])).toEqual([
      ['person-1', 'voice', clock.now()],
      ['person-2', null, null],
    ]);
  });

  it('given a busy member and a voice retry of 3 minutes, the call is tried again exactly 3 minutes later, and fails after the last attempt', async () => {
    const [call] = bareSteps('alert-1', 1, { channel: 'voice', dueAt: clock.now() });
    await deliveries.insertPlan([call!], clock.now());
    const voice = scriptedVoice(() => ({ kind: 'failed_retryable', reason: 'busy: 486 Busy Here' }));
    const d = dispatcher(voice, { retry: { baseMs: 180_000, maxMs: 180_000, spacing: 'fixed' } });
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      await d.runOnce();
      await d.idle();
      expect(await deliveries.findById(call!.id)).toMatchObject({ status: 'retrying', attempts: attempt, dueAt: clock.now() + 180_000, lastError: 'busy: 486 Busy Here' });
      clock.advance(179_999);
      await d.runOnce();
      await d.idle();
      expect(voice.called).toHaveLength(attempt);
      clock.advance(1);
    }
    await d.runOnce();
    await d.idle();
    expect(voice.called).toHaveLength(3);
    expect(await deliveries.findById(call!.id)).toMatchObject({ status: 'failed', attempts: 3, lastError: 'busy: 486 Busy Here' });
  });
});
