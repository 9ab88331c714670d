import { randomUUID } from 'node:crypto';
import type { Database } from '../../db/database.ts';
import { failoverTarget } from '../alerts/alert-planning.models.ts';
import { createFailoverRepository } from './channel-failover.repository.ts';
import type { Delivery, PlannedDelivery } from './deliveries.repository.ts';
import type { DispatchedChannel } from './delivery-renderer.ts';

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
