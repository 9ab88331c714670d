import { randomUUID } from 'node:crypto';
import type { ChannelHealth } from '../../channels/channel.ts';
import type { Database } from '../../db/database.ts';
import { failoverTarget } from '../alerts/alert-planning.models.ts';
import { createFailoverRepository } from './channel-failover.repository.ts';
import type { DeliveriesRepository, Delivery, PlannedDelivery } from './deliveries.repository.ts';
import type { DispatchedChannel } from './delivery-renderer.ts';
import { notifyPlanned } from './dispatcher-wakeups.ts';
import type { OutcomeRecorder } from './outcome-recorder.ts';

/** The reason a step that fell over ends with (kept in the row, shown on the console). */
export const CHANNEL_UNAVAILABLE = 'channel unavailable';

/**
 * Plans the step that replaces a red step whose channel is down: `undefined` when the person has
 * no other usable channel (or is gone). `unusable`: other channels that are down right now.
 */
export type FailoverPlanner = (delivery: Delivery, context: { now: number; unusable: ReadonlySet<DispatchedChannel> }) => Promise<PlannedDelivery | undefined>;

/** The idempotency key of a failover step: one per alert, person and channel, whichever step failed. */
export const failoverKey = (alertId: string, personId: string, channel: DispatchedChannel) => `${alertId}.${personId}.${channel}.failover`;

/**
 * The person's next usable channel for the alert (their red order, then the red fallback order),
 * not already planned for this alert, due now (an escalation step's replacement is one too). Its idempotency key is per alert, person and
 * channel, so two dispatchers failing the same person over write one step between them.
 */
export function createFailoverPlanner({ database }: { database: Database }): FailoverPlanner {
  const failover = createFailoverRepository({ database });
  return async (delivery, { now, unusable }) => {
    const facts = await failover.facts(delivery.alertId, delivery.personId);
    if (!facts) return undefined;
    const exclude = new Set<DispatchedChannel>([delivery.channel, ...facts.planned, ...unusable]);
    const target = failoverTarget(facts.candidate, exclude);
    if (!target) return undefined;
    return {
      id: randomUUID(),
      alertId: delivery.alertId,
      personId: delivery.personId,
      ...target,
      language: delivery.language,
      step: facts.nextStep,
      dueAt: now,
      // An escalation step stays one: the person who acknowledged meanwhile is not called.
      unlessAcknowledged: delivery.unlessAcknowledged,
      idempotencyKey: failoverKey(delivery.alertId, delivery.personId, target.channel),
    };
  };
}

/**
 * One failover round of a channel that has been down for the failover time: each due red step
 * (claimed as any send would be, so two nodes never take the same) ends as failed ("channel
 * unavailable") and, in the same transaction, the person's next usable channel gets a step due now.
 * The failed step is final: the person gets no copy of it when the channel comes back. Returns how
 * many steps were claimed.
 */
export async function failOverRedSteps(round: {
  channel: DispatchedChannel;
  down: ChannelHealth;
  now: number;
  limit: number;
  owner: string;
  leaseMs: number;
  /** Steps this node is sending right now (a lease of its own that lapsed): never failed over. */
  inFlight: ReadonlyMap<string, unknown>;
  deliveries: DeliveriesRepository;
  recorder: OutcomeRecorder;
  logger: { warn: (data: Record<string, unknown>, message: string) => void };
  failing: { plan: FailoverPlanner; unusable: () => Set<DispatchedChannel>; wake: (channel: DispatchedChannel) => void; database: Database };
}): Promise<number> {
  const { channel, now, owner, failing } = round;
  const claimed = await round.deliveries.claim({ channel, owner, now, leaseMs: round.leaseMs, limit: round.limit, redOnly: true });
  const toFail = claimed.filter((delivery) => delivery.status === 'sending' && !round.inFlight.has(delivery.id));
  const woken = new Set<DispatchedChannel>();
  for (const delivery of toFail) {
    const next = await failing.plan(delivery, { now, unusable: failing.unusable() });
    const held = await round.recorder.record(async (queue) => {
      const mine = await queue.complete(delivery.id, owner, { kind: 'failed_permanent', reason: CHANNEL_UNAVAILABLE }, now);
      if (mine && next) await queue.insertStepOnce(next, now);
      return mine;
    });
    if (held && next) woken.add(next.channel);
  }
  if (toFail.length > 0) round.logger.warn({ channel, steps: toFail.length, downSince: round.down.since, to: [...woken] }, 'channel down: red steps failed over');
  if (woken.size > 0) {
    await notifyPlanned(failing.database);
    for (const next of woken) failing.wake(next);
  }
  return claimed.length;
}
