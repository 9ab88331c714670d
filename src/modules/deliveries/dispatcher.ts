import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type { ChannelHealth, SendOutcome } from '../../channels/channel.ts';
import type { Database } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { type ChannelHealthBoard, type ChannelHealthView, createChannelHealth } from './channel-health.ts';
import { type FailoverPlanner, createFailoverPlanner, failOverRedSteps } from './channel-failover.ts';
import { type Delivery, type DeliveriesRepository, createDeliveriesRepository } from './deliveries.repository.ts';
import { type ChannelMessages, DISPATCHED_CHANNELS, type DeliveryRenderer, type DispatchedChannel } from './delivery-renderer.ts';
import { DEFAULT_RETRY_POLICY, type RetryPolicy, createTokenBucket, retryDelay } from './dispatch-policy.models.ts';
import { listenForPlans, type Wakeups } from './dispatcher-wakeups.ts';
import { type OutcomeRecorder, createOutcomeRecorder } from './outcome-recorder.ts';

/** What the dispatcher may do on one channel: its driver and its capacity. */
export type ChannelCapacity<C extends DispatchedChannel> = {
  driver: { send: (message: ChannelMessages[C]) => Promise<SendOutcome>; health?: () => ChannelHealth };
  /** Sends in flight at once (SMTP pool connections, calls on the trunk). */
  concurrency: number;
  /** Sends started per second; 0 or absent: no limit. */
  ratePerSecond?: number;
  /** Attempts before a retryable failure becomes final. */
  maxAttempts?: number;
  /** This channel's wait between attempts, instead of the dispatcher's (calls: "3 minutes apart"). */
  retry?: RetryPolicy;
};

export type DispatcherChannels = { [C in DispatchedChannel]?: ChannelCapacity<C> };

export type DispatcherOptions = {
  /** How long a claim holds a step; renewed while the send lasts. */
  leaseMs?: number;
  /** Renewal period of the leases of sends in flight (default: a third of the lease). */
  renewEveryMs?: number;
  /** Safety-net poll when no wake-up arrives. */
  pollMs?: number;
  retry?: RetryPolicy;
  /** How long `stop` waits for sends in flight before leaving their leases to expire. */
  stopTimeoutMs?: number;
  /** How long a channel is down before its red steps fall over to the person's next channel. */
  failoverMs?: number;
};

type DispatcherLog = {
  debug: (entry: Record<string, unknown>, message: string) => void;
  info: (entry: Record<string, unknown>, message: string) => void;
  warn: (entry: Record<string, unknown>, message: string) => void;
  error: (entry: Record<string, unknown>, message: string) => void;
};

export type Dispatcher = {
  owner: string;
  start: () => void;
  /** Stops claiming, waits for sends in flight (up to the stop timeout), then closes the wake-ups. */
  stop: () => Promise<void>;
  /** Claims and starts what the channel(s) may send now; resolves when the claiming is done. */
  runOnce: (channel?: DispatchedChannel) => Promise<void>;
  /** Resolves once started and reachable by wake-ups (PostgreSQL: LISTEN in place). */
  ready: () => Promise<void>;
  /** Resolves when no claim runs and no send is in flight. */
  idle: () => Promise<void>;
  inFlight: (channel: DispatchedChannel) => number;
  /** Each channel's health as this dispatcher sees it (the driver's, and its own run of failures). */
  health: () => ChannelHealthView[];
};

const MAX_CLAIM = 100;
const EXPIRED_CHECK_MS = 1_000;

/** A name that says which node and process holds a lease, unique per dispatcher. */
export function dispatcherOwnerName(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * The delivery engine's worker: one loop per channel claims due steps within the channel's
 * concurrency and rate, sends each through the driver with the step's idempotency key, and records
 * the typed outcome. Several dispatchers may run at once (PostgreSQL): claims never overlap, and a
 * crashed dispatcher's leases expire and are taken over.
 */
export function createDispatcher({
  database,
  channels,
  render,
  clock,
  logger,
  owner = dispatcherOwnerName(),
  options = {},
  random = Math.random,
  listen,
  health,
  failover,
}: {
  database: Database;
  channels: DispatcherChannels;
  render: DeliveryRenderer;
  clock: Clock;
  logger: DispatcherLog;
  owner?: string;
  options?: DispatcherOptions;
  random?: () => number;
  /** PostgreSQL: the URL for the dedicated LISTEN connection (wake-ups); without it, polls only. */
  listen?: { connectionString: string };
  /** The process's health board (the console reads it too); by default one of the channels' drivers. */
  health?: ChannelHealthBoard;
  /** Plans a red step's replacement when its channel is down; by default the person's next channel. */
  failover?: FailoverPlanner;
}): Dispatcher {
  const deliveries = createDeliveriesRepository({ database });
  const recorder = createOutcomeRecorder({ database });
  const leaseMs = options.leaseMs ?? 120_000;
  const settings = {
    leaseMs,
    renewEveryMs: options.renewEveryMs ?? Math.max(10, Math.floor(leaseMs / 3)),
    pollMs: options.pollMs ?? 5_000,
    retry: options.retry ?? DEFAULT_RETRY_POLICY,
    stopTimeoutMs: options.stopTimeoutMs ?? 10_000,
    failoverMs: options.failoverMs ?? 60_000,
  };
  const state = { started: false, stopping: false };
  const board = health ?? createChannelHealth({ drivers: Object.fromEntries(Object.entries(channels).map(([channel, capacity]) => [channel, capacity?.driver])), clock });
  const planFailover = failover ?? createFailoverPlanner({ database });
  const loops = new Map<DispatchedChannel, ChannelLoop>();
  const wake = (channel: DispatchedChannel) => void loops.get(channel)?.round();
  const unusable = () => new Set(DISPATCHED_CHANNELS.filter((channel) => board.down(channel) !== undefined || !loops.has(channel)));
  for (const channel of Object.keys(channels) as DispatchedChannel[]) {
    const capacity = channels[channel];
    const renderStep = render[channel];
    if (!capacity || !renderStep) continue;
    const failing = { board, plan: planFailover, unusable, wake, database };
    loops.set(channel, createChannelLoop({ channel, capacity: capacity as ChannelCapacity<DispatchedChannel>, renderStep, deliveries, recorder, clock, logger, owner, settings, random, state, failing }));
  }
  let wakeups: Wakeups | undefined;

  const selected = (channel?: DispatchedChannel) => (channel ? [loops.get(channel)].filter((loop) => loop !== undefined) : [...loops.values()]);

  return {
    owner,
    start() {
      if (state.started) return;
      state.started = true;
      const onWake = () => loops.forEach((loop) => void loop.round());
      wakeups = listenForPlans({ database, connectionString: listen?.connectionString, onWake, log: logger, name: `waakzaam-dispatcher ${owner}` });
      for (const loop of loops.values()) void loop.round();
      logger.info({ owner, channels: [...loops.keys()] }, 'dispatcher started');
    },
    async stop() {
      state.stopping = true;
      await wakeups?.close();
      await Promise.all([...loops.values()].map((loop) => loop.stop()));
      logger.info({ owner }, 'dispatcher stopped');
    },
    async ready() {
      await wakeups?.ready;
    },
    async runOnce(channel) {
      await Promise.all(selected(channel).map((loop) => loop.round()));
    },
    async idle() {
      await Promise.all([...loops.values()].map((loop) => loop.idle()));
    },
    inFlight: (channel) => loops.get(channel)?.inFlight() ?? 0,
    health: () => board.view(),
  };
}

type ChannelLoop = { round: () => Promise<void>; stop: () => Promise<void>; idle: () => Promise<void>; inFlight: () => number };

function createChannelLoop({
  channel,
  capacity,
  renderStep,
  deliveries,
  recorder,
  clock,
  logger,
  owner,
  settings,
  random,
  state,
  failing,
}: {
  channel: DispatchedChannel;
  capacity: ChannelCapacity<DispatchedChannel>;
  renderStep: (delivery: Delivery) => Promise<ChannelMessages[DispatchedChannel]> | ChannelMessages[DispatchedChannel];
  deliveries: DeliveriesRepository;
  recorder: OutcomeRecorder;
  clock: Clock;
  logger: DispatcherLog;
  owner: string;
  settings: { leaseMs: number; renewEveryMs: number; pollMs: number; retry: RetryPolicy; stopTimeoutMs: number; failoverMs: number };
  random: () => number;
  state: { started: boolean; stopping: boolean };
  failing: { board: ChannelHealthBoard; plan: FailoverPlanner; unusable: () => Set<DispatchedChannel>; wake: (channel: DispatchedChannel) => void; database: Database };
}): ChannelLoop {
  const maxAttempts = capacity.maxAttempts ?? 5;
  const bucket = createTokenBucket({ ratePerSecond: capacity.ratePerSecond ?? 0, now: clock.now() });
  const inFlight = new Map<string, Promise<void>>();
  let current: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let timerAt = Infinity;
  let renewal: NodeJS.Timeout | undefined;
  let nextExpiredCheck = -Infinity;
  const refillBatch = Math.max(1, Math.floor(capacity.concurrency / 2));

  /** Wakes the loop after `delayMs` (real time), unless an earlier wake-up is already set. */
  function wakeIn(delayMs: number) {
    if (!state.started || state.stopping) return;
    const at = Date.now() + Math.max(0, Math.min(delayMs, settings.pollMs));
    if (timer && timerAt <= at) return;
    clearTimeout(timer);
    timerAt = at;
    timer = setTimeout(() => {
      timer = undefined;
      timerAt = Infinity;
      void round();
    }, at - Date.now());
  }

  async function claimAndSend(): Promise<void> {
    for (;;) {
      if (state.stopping) return;
      const free = capacity.concurrency - inFlight.size;
      // A finishing send starts the next round. With many slots, refilling them a few at a time
      // costs one claim per few sends instead of one per send.
      if (free <= 0 || (inFlight.size > 0 && free < refillBatch)) return;
      const now = clock.now();
      const down = failing.board.down(channel);
      if (down) return failOverWhileDown(down, Math.min(free, MAX_CLAIM));
      const allowed = Math.min(free, bucket.available(now), MAX_CLAIM);
      if (allowed <= 0) return wakeIn(bucket.waitMs(now));
      // Expired leases are rare (a node died): looked for once a second, not at every claim.
      const reclaimExpired = now >= nextExpiredCheck;
      if (reclaimExpired) nextExpiredCheck = now + EXPIRED_CHECK_MS;
      const claimed = await deliveries.claim({ channel, owner, now, leaseMs: settings.leaseMs, limit: allowed, reclaimExpired });
      // A step this dispatcher is still sending (its own lease lapsed and came back) is not sent twice.
      const toSend = claimed.filter((delivery) => delivery.status === 'sending' && !inFlight.has(delivery.id));
      bucket.take(toSend.length);
      for (const delivery of toSend) {
        // Only reclaims count past the last attempt: its dispatchers kept dying while sending it.
        if (delivery.attempts > maxAttempts) await giveUp(delivery);
        else startSend(delivery);
      }
      if (claimed.length < allowed) {
        const next = await deliveries.nextDueAt(channel);
        // An expired lease is only looked for at the next check: waking before it would find nothing.
        const at = Math.min(next.pendingAt ?? Infinity, next.leaseExpiresAt === undefined ? Infinity : Math.max(next.leaseExpiresAt, nextExpiredCheck));
        if (at !== Infinity) wakeIn(at - clock.now() + 5);
        return;
      }
    }
  }

  /**
   * The channel's driver says it is down: nothing is sent on it. Green steps (and red ones while the
   * outage is younger than the failover time) stay planned, unclaimed and without an attempt spent,
   * until the driver is up again; the poll looks again. Then red steps fall over (failOverRedSteps).
   */
  async function failOverWhileDown(down: ChannelHealth, limit: number): Promise<void> {
    const now = clock.now();
    const failoverAt = down.since + settings.failoverMs;
    if (now < failoverAt) return wakeIn(failoverAt - now);
    const claimed = await failOverRedSteps({ channel, down, now, limit, owner, leaseMs: settings.leaseMs, inFlight, deliveries, recorder, logger, failing });
    // More red steps than one claim: the next round takes them; otherwise the poll looks again.
    if (claimed >= limit) again = true;
    else wakeIn(settings.pollMs);
  }

  /** One claiming round at a time; a wake-up during a round makes it go round once more. */
  function round(): Promise<void> {
    if (current) {
      again = true;
      return current;
    }
    // The body always awaits before it ends, so `current` is set before the `finally` clears it;
    // the last check of `again` and the clearing run without a pause, so no wake-up falls between.
    const running = (async () => {
      try {
        do {
          again = false;
          await claimAndSend();
        } while (again && !state.stopping);
      } catch (error) {
        logger.error({ err: error as Error, channel }, 'dispatcher: claiming failed');
      } finally {
        current = undefined;
        wakeIn(settings.pollMs);
      }
    })();
    current = running;
    return running;
  }

  function startSend(delivery: Delivery) {
    const sending = send(delivery)
      .catch((error: unknown) => logger.error({ err: error as Error, channel, delivery: delivery.id }, 'dispatcher: recording an outcome failed; the lease will expire and the step be retried'))
      .finally(() => {
        inFlight.delete(delivery.id);
        if (inFlight.size === 0) stopRenewal();
        if (!state.stopping) void round();
      });
    inFlight.set(delivery.id, sending);
    startRenewal();
  }

  async function giveUp(delivery: Delivery) {
    const outcome: SendOutcome = { kind: 'failed_permanent', reason: `no outcome after ${delivery.attempts - 1} attempts (leases expired)` };
    await recorder.record((queue) => queue.complete(delivery.id, owner, outcome, clock.now()));
    logger.warn({ channel, delivery: delivery.id, attempts: delivery.attempts }, 'delivery given up');
  }

  async function send(delivery: Delivery): Promise<void> {
    let outcome: SendOutcome;
    try {
      const message = await renderStep(delivery);
      outcome = await capacity.driver.send({ ...message, idempotencyKey: delivery.idempotencyKey });
    } catch (error) {
      // A driver or renderer that throws did not say the message is undeliverable: try again later.
      outcome = { kind: 'failed_retryable', reason: errorMessage(error) };
    }
    const now = clock.now();
    failing.board.record(channel, outcome);
    let recorded: boolean;
    if (outcome.kind === 'failed_retryable' && delivery.attempts < maxAttempts) {
      const dueAt = now + retryDelay(delivery.attempts, capacity.retry ?? settings.retry, random);
      recorded = await recorder.record((queue) => queue.reschedule(delivery.id, owner, { dueAt, reason: outcome.reason ?? 'failed_retryable', now }));
      // The provider's reason may name the recipient: it stays in the row, out of the log.
      logger.info({ channel, delivery: delivery.id, attempts: delivery.attempts, dueAt }, 'delivery failed, retry planned');
    } else if (outcome.kind === 'acknowledged') {
      // Confirmed during the send (a key pressed in the call): the person is reached, in the same
      // transaction as the step's outcome, and their pending escalation steps are skipped.
      recorded = await recorder.record(async (queue) => {
        const mine = await queue.complete(delivery.id, owner, outcome, now);
        if (!mine) return mine;
        // A shared number: the "1" acknowledges for everyone the step speaks for, each recorded.
        for (const personId of [delivery.personId, ...(await queue.householdOf(delivery.id))]) await queue.acknowledge({ alertId: delivery.alertId, personId, via: channel, now });
        return mine;
      });
    } else {
      recorded = await recorder.record((queue) => queue.complete(delivery.id, owner, outcome, now));
      if (outcome.kind === 'failed_permanent' || outcome.kind === 'failed_retryable') logger.warn({ channel, delivery: delivery.id, attempts: delivery.attempts, outcome: outcome.kind }, 'delivery failed');
    }
    if (!recorded) logger.warn({ channel, delivery: delivery.id, outcome: outcome.kind }, 'dispatcher: lease lost before the outcome was recorded; the new owner records its own');
  }

  // Voice calls last minutes: while anything is in flight, its leases are renewed every third.
  function startRenewal() {
    if (renewal) return;
    renewal = setInterval(() => {
      const ids = [...inFlight.keys()];
      deliveries
        .renewLeases(ids, owner, clock.now() + settings.leaseMs, clock.now())
        .then((held) => {
          if (held.length < ids.length) logger.warn({ channel, lost: ids.length - held.length }, 'dispatcher: leases lost while sending');
        })
        .catch((error: unknown) => logger.error({ err: error as Error, channel }, 'dispatcher: renewing leases failed'));
    }, settings.renewEveryMs);
  }
  function stopRenewal() {
    clearInterval(renewal);
    renewal = undefined;
  }

  async function idle() {
    while (current || inFlight.size > 0) await Promise.allSettled([current, ...inFlight.values()]);
  }

  return {
    round,
    idle,
    inFlight: () => inFlight.size,
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await current;
      let timeout: NodeJS.Timeout | undefined;
      const gaveUp = await Promise.race([
        Promise.allSettled([...inFlight.values()]).then(() => false),
        new Promise<boolean>((resolve) => (timeout = setTimeout(() => resolve(true), settings.stopTimeoutMs))),
      ]);
      clearTimeout(timeout);
      // Sends still running keep their rows leased: once the leases expire, another dispatcher resends.
      if (gaveUp) logger.warn({ channel, inFlight: inFlight.size }, 'dispatcher stopped with sends in flight; their leases will expire');
      stopRenewal();
    },
  };
}
