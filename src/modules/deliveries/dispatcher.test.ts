import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SendOutcome } from '../../channels/channel.ts';
import { type EmailMessage, createMemoryEmailDriver } from '../../channels/email/email.channel.ts';
import { type SmsMessage, createMemorySmsDriver } from '../../channels/sms/sms.channel.ts';
import { createMemoryVoiceDriver } from '../../channels/voice/voice.channel.ts';
import { TEST_DIALECTS, type TestDatabase, createTestDatabase } from '../../../test/support/databases.ts';
import { createManualClock } from '../../shared/clock.ts';
import { type DeliveriesRepository, type Delivery, createDeliveriesRepository } from './deliveries.repository.ts';
import { bareSteps, insertAudience, insertBareAlert } from './deliveries.test-support.ts';
import type { DeliveryRenderer } from './delivery-renderer.ts';
import { type Dispatcher, type DispatcherChannels, createDispatcher } from './dispatcher.ts';
import { notifyPlanned } from './dispatcher-wakeups.ts';

const quiet = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };
// A guard against hanging, not a measure: a loaded machine may take a while.
const WAIT = { timeout: 10_000, interval: 20 };

const render: DeliveryRenderer = {
  email: (d: Delivery): EmailMessage => ({ to: d.destination, subject: `Alert for ${d.personId}`, text: 'Be vigilant.' }),
  sms: (d: Delivery): SmsMessage => ({ to: d.destination, text: 'Be vigilant.' }),
  voice: (d: Delivery) => ({ to: d.destination, text: 'Be vigilant.', language: d.language }),
};

/** A driver whose sends stay in flight until the test releases them, counting what is in flight. */
function createGatedDriver() {
  const waiting: Array<{ message: EmailMessage; finish: (outcome: SendOutcome) => void }> = [];
  const stats = { started: 0, inFlight: 0, maxInFlight: 0 };
  return {
    stats,
    waiting,
    send(message: EmailMessage): Promise<SendOutcome> {
      stats.started += 1;
      stats.inFlight += 1;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      return new Promise((resolve) =>
        waiting.push({
          message,
          finish: (outcome) => {
            stats.inFlight -= 1;
            resolve(outcome);
          },
        }),
      );
    },
    release(count: number) {
      for (const { finish } of waiting.splice(0, count)) finish({ kind: 'sent' });
    },
  };
}

describe.each(TEST_DIALECTS)('the dispatcher on %s', (dialect) => {
  let database: TestDatabase;
  let deliveries: DeliveriesRepository;
  let clock: ReturnType<typeof createManualClock>;
  const running: Dispatcher[] = [];

  beforeEach(async () => {
    database = await createTestDatabase(dialect);
    deliveries = createDeliveriesRepository({ database });
    clock = createManualClock();
    await insertBareAlert(database, { alertId: 'alert-1', now: clock.now() });
  });
  afterEach(async () => {
    for (const dispatcher of running.splice(0)) await dispatcher.stop();
    await database.destroy();
  });

  function dispatcher(channels: DispatcherChannels, options: Parameters<typeof createDispatcher>[0]['options'] = {}, extra: { owner?: string; random?: () => number; useSystemClock?: boolean } = {}) {
    const created = createDispatcher({
      database,
      channels,
      render,
      clock: extra.useSystemClock ? { now: () => Date.now() } : clock,
      logger: quiet,
      owner: extra.owner ?? 'dispatcher-a',
      random: extra.random ?? (() => 0.5),
      options: { pollMs: 60_000, ...options },
      listen: database.url ? { connectionString: database.url } : undefined,
    });
    running.push(created);
    return created;
  }

  it('given due steps on two channels, each is sent once through its driver with the step’s idempotency key and recorded as sent', async () => {
    await deliveries.insertPlan([...bareSteps('alert-1', 12, { dueAt: clock.now() }), ...bareSteps('alert-1', 3, { channel: 'sms', dueAt: clock.now() })], clock.now());
    const email = createMemoryEmailDriver();
    const sms = createMemorySmsDriver();
    const d = dispatcher({ email: { driver: email, concurrency: 4 }, sms: { driver: sms, concurrency: 2 } });
    await d.runOnce();
    await d.idle();
    expect(email.sent.map((m) => m.idempotencyKey).sort()).toEqual(bareSteps('alert-1', 12, { dueAt: 0 }).map((s) => s.idempotencyKey).sort());
    expect(sms.sent.map((m) => m.to).sort()).toEqual(bareSteps('alert-1', 3, { channel: 'sms', dueAt: 0 }).map((s) => s.destination).sort());
    expect(await deliveries.countsForAlert('alert-1')).toEqual([
      { channel: 'email', status: 'sent', count: 12 },
      { channel: 'sms', status: 'sent', count: 3 },
    ]);
    const row = await deliveries.findById('alert-1-person-1-email-0');
    expect(row).toMatchObject({ providerId: expect.stringMatching(/^memory-/), attempts: 1, leaseOwner: null });
  });

  it('given a concurrency of 3, never more than 3 sends are in flight and each release lets the next one start', async () => {
    await deliveries.insertPlan(bareSteps('alert-1', 10, { dueAt: clock.now() }), clock.now());
    const driver = createGatedDriver();
    const d = dispatcher({ email: { driver, concurrency: 3 } });
    d.start();
    await vi.waitFor(() => expect(driver.stats.started).toBe(3), WAIT);
    await d.runOnce();
    expect(driver.stats.started).toBe(3);
    driver.release(2);
    await vi.waitFor(() => expect(driver.stats.started).toBe(5), WAIT);
    while (driver.stats.started < 10) {
      const before = driver.stats.started;
      driver.release(1);
      await vi.waitFor(() => expect(driver.stats.started).toBe(before + 1), WAIT);
      expect(driver.stats.inFlight).toBe(3);
    }
    driver.release(3);
    await d.idle();
    expect(driver.stats.maxInFlight).toBe(3);
    expect(await deliveries.countsForAlert('alert-1')).toEqual([{ channel: 'email', status: 'sent', count: 10 }]);
  });

  it('given 5 SMS a second, a burst sends 5, the clock’s next 400 ms allow 2 more, and a long pause no more than 5', async () => {
    await deliveries.insertPlan(bareSteps('alert-1', 20, { channel: 'sms', dueAt: clock.now() }), clock.now());
    const sms = createMemorySmsDriver();
    const d = dispatcher({ sms: { driver: sms, concurrency: 100, ratePerSecond: 5 } });
    await d.runOnce();
    await d.idle();
    expect(sms.sent).toHaveLength(5);
    await d.runOnce();
    await d.idle();
    expect(sms.sent).toHaveLength(5);
    clock.advance(400);
    await d.runOnce();
    await d.idle();
    expect(sms.sent).toHaveLength(7);
    clock.advance(60_000);
    await d.runOnce();
    await d.idle();
    expect(sms.sent).toHaveLength(12);
  });

  it('given a provider that keeps failing temporarily, the step is retried with growing waits and fails after the last attempt with the reason kept', async () => {
    await deliveries.insertPlan(bareSteps('alert-1', 1, { dueAt: clock.now() }), clock.now());
    let calls = 0;
    const driver = { send: async (): Promise<SendOutcome> => ({ kind: 'failed_retryable', reason: `451 greylisted (${++calls})` }) };
    const d = dispatcher({ email: { driver, concurrency: 1, maxAttempts: 3 } }, { retry: { baseMs: 30_000, maxMs: 600_000 } }, { random: () => 1 });
    const id = 'alert-1-person-1-email-0';
    await d.runOnce();
    await d.idle();
    expect(await deliveries.findById(id)).toMatchObject({ status: 'retrying', attempts: 1, dueAt: clock.now() + 30_000, lastError: '451 greylisted (1)' });
    clock.advance(29_999);
    await d.runOnce();
    await d.idle();
    expect(calls).toBe(1);
    clock.advance(1);
    await d.runOnce();
    await d.idle();
    expect(await deliveries.findById(id)).toMatchObject({ status: 'retrying', attempts: 2, dueAt: clock.now() + 60_000 });
    clock.advance(60_000);
    await d.runOnce();
    await d.idle();
    expect(await deliveries.findById(id)).toMatchObject({ status: 'failed', attempts: 3, lastError: '451 greylisted (3)', leaseOwner: null });
    expect(calls).toBe(3);
  });

  it('given a permanent failure, the step fails at once; given a driver that throws, the step is retried with the error’s message', async () => {
    await deliveries.insertPlan(bareSteps('alert-1', 2, { dueAt: clock.now() }), clock.now());
    const driver = {
      send: async (message: EmailMessage): Promise<SendOutcome> => {
        if (message.to.startsWith('person-1@')) return { kind: 'failed_permanent', reason: '550 5.1.1 mailbox unknown' };
        throw new Error('connect ECONNREFUSED 127.0.0.1:2525');
      },
    };
    const d = dispatcher({ email: { driver, concurrency: 2 } });
    await d.runOnce();
    await d.idle();
    expect(await deliveries.findById('alert-1-person-1-email-0')).toMatchObject({ status: 'failed', attempts: 1, lastError: '550 5.1.1 mailbox unknown' });
    expect(await deliveries.findById('alert-1-person-2-email-0')).toMatchObject({ status: 'retrying', attempts: 1, lastError: 'connect ECONNREFUSED 127.0.0.1:2525' });
  });

  it('given an escalation call after 3 minutes, it is skipped for the person who acknowledged and placed for the one who did not', async () => {
    const now = clock.now();
    await insertAudience(database, 'alert-1', ['person-1', 'person-2']);
    await deliveries.insertPlan(
      [...bareSteps('alert-1', 2, { channel: 'sms', dueAt: now }), ...bareSteps('alert-1', 2, { channel: 'voice', dueAt: now + 180_000, step: 1, unlessAcknowledged: true })],
      now,
    );
    const sms = createMemorySmsDriver();
    const voice = createMemoryVoiceDriver();
    const d = dispatcher({ sms: { driver: sms, concurrency: 5 }, voice: { driver: voice, concurrency: 5 } });
    await d.runOnce();
    await d.idle();
    expect(voice.sent).toHaveLength(0);
    clock.advance(60_000);
    await deliveries.acknowledge({ alertId: 'alert-1', personId: 'person-1', via: 'sms-reply', now: clock.now() });
    clock.advance(120_000);
    await d.runOnce();
    await d.idle();
    expect(voice.sent.map((call) => call.idempotencyKey)).toEqual(['alert-1.person-2.voice.1']);
    expect(await deliveries.findById('alert-1-person-1-voice-1')).toMatchObject({ status: 'skipped' });
  });

  it('given an idle dispatcher, a plan announced after its commit is sent without waiting for the poll', async () => {
    const email = createMemoryEmailDriver();
    const d = dispatcher({ email: { driver: email, concurrency: 5 } }, { pollMs: 3_600_000 }, { useSystemClock: true });
    d.start();
    await d.ready();
    await d.idle();
    await deliveries.insertPlan(bareSteps('alert-1', 4, { dueAt: Date.now() }), Date.now());
    await notifyPlanned(database);
    await vi.waitFor(() => expect(email.sent).toHaveLength(4), WAIT);
  });

  it('given a long call, its lease is renewed while it lasts, so another dispatcher does not take it over', async () => {
    await deliveries.insertPlan(bareSteps('alert-1', 1, { dueAt: clock.now() }), clock.now());
    const driver = createGatedDriver();
    const d = dispatcher({ email: { driver, concurrency: 1 } }, { leaseMs: 60_000, renewEveryMs: 20 });
    await d.runOnce();
    const leasedUntil = clock.now() + 60_000;
    clock.advance(50_000);
    await vi.waitFor(async () => expect((await deliveries.findById('alert-1-person-1-email-0'))?.leaseUntil).toBe(clock.now() + 60_000), WAIT);
    clock.advance(50_000);
    expect(clock.now()).toBeGreaterThan(leasedUntil);
    expect(await deliveries.claim({ channel: 'email', owner: 'dispatcher-b', now: clock.now(), leaseMs: 60_000, limit: 1 })).toEqual([]);
    driver.release(1);
    await d.idle();
    expect(await deliveries.findById('alert-1-person-1-email-0')).toMatchObject({ status: 'sent', attempts: 1 });
  });

  it('given a stop while sends are in flight, it waits for them up to its timeout and leaves the rest leased', async () => {
    await deliveries.insertPlan(bareSteps('alert-1', 2, { dueAt: clock.now() }), clock.now());
    const driver = createGatedDriver();
    const d = dispatcher({ email: { driver, concurrency: 2 } }, { stopTimeoutMs: 200 });
    await d.runOnce();
    expect(driver.stats.inFlight).toBe(2);
    const stopping = d.stop();
    driver.release(1);
    await stopping;
    expect(await deliveries.countsForAlert('alert-1')).toEqual([
      { channel: 'email', status: 'sending', count: 1 },
      { channel: 'email', status: 'sent', count: 1 },
    ]);
    driver.release(1);
  });

  it('given a step whose dispatchers kept dying while sending it, the next claim gives it up instead of sending it again', async () => {
    await deliveries.insertPlan(bareSteps('alert-1', 1, { dueAt: clock.now() }), clock.now());
    for (let i = 0; i < 3; i++) {
      await deliveries.claim({ channel: 'email', owner: `crashed-${i}`, now: clock.now(), leaseMs: 1000, limit: 1 });
      clock.advance(1001);
    }
    const email = createMemoryEmailDriver();
    const d = dispatcher({ email: { driver: email, concurrency: 1, maxAttempts: 3 } });
    await d.runOnce();
    await d.idle();
    expect(email.sent).toHaveLength(0);
    expect(await deliveries.findById('alert-1-person-1-email-0')).toMatchObject({ status: 'failed', attempts: 4, lastError: 'no outcome after 3 attempts (leases expired)' });
  });
});

describe.each(TEST_DIALECTS.filter((dialect) => dialect === 'postgres'))('the dispatcher’s wake-ups on %s', (dialect) => {
  it('given its LISTEN connection cut by the server, the dispatcher reconnects and is woken by the next plan', async () => {
    const database = await createTestDatabase(dialect);
    const clock = { now: () => Date.now() };
    await insertBareAlert(database, { alertId: 'alert-1', now: clock.now() });
    const email = createMemoryEmailDriver();
    const owner = `reconnecting-${Date.now()}`;
    const d = createDispatcher({ database, channels: { email: { driver: email, concurrency: 5 } }, render, clock, logger: quiet, owner, options: { pollMs: 3_600_000 }, listen: { connectionString: database.url! } });
    try {
      d.start();
      await d.ready();
      const cut = await sql<{ cut: boolean }>`select pg_terminate_backend(pid) as cut from pg_stat_activity where application_name = ${`waakzaam-dispatcher ${owner}`}`.execute(database.db);
      expect(cut.rows).toEqual([{ cut: true }]);
      // Planned and announced until a notification gets through: the reconnection takes a second.
      let n = 0;
      await vi.waitFor(
        async () => {
          n += 1;
          await deliveries(database).insertPlan(bareSteps('alert-1', 1, { dueAt: clock.now(), firstPerson: n }), clock.now());
          await notifyPlanned(database);
          await new Promise((resolve) => setTimeout(resolve, 100));
          expect(email.sent.length).toBeGreaterThan(0);
        },
        { timeout: 10_000, interval: 200 },
      );
    } finally {
      await d.stop();
      await database.destroy();
    }
  });
});

const deliveries = (database: TestDatabase) => createDeliveriesRepository({ database });
