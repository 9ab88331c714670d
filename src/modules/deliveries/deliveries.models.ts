import { AppError } from '../../shared/errors.ts';

export const DELIVERY_CHANNELS = ['voice', 'sms', 'email', 'push'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

/**
 * A delivery step's life. `planned` waits for its due time; `sending` is leased by one dispatcher;
 * then the typed outcome of the driver. `retrying` is planned again with a later due time.
 * `skipped` is an escalation step made unnecessary by an acknowledgement.
 */
export const DELIVERY_STATUSES = ['planned', 'sending', 'retrying', 'sent', 'delivered', 'acknowledged', 'failed', 'cancelled', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** The one transition guard of a delivery. */
const DELIVERY_TRANSITIONS: Record<DeliveryStatus, readonly DeliveryStatus[]> = {
  planned: ['sending', 'cancelled', 'skipped'],
  retrying: ['sending', 'cancelled', 'skipped'],
  // A lease that expires (crashed node) returns the step to `sending` under a new owner; an expired
  // escalation step whose person acknowledged meanwhile is skipped rather than sent again.
  sending: ['sending', 'sent', 'delivered', 'acknowledged', 'failed', 'retrying', 'cancelled', 'skipped'],
  sent: ['delivered', 'acknowledged', 'failed'],
  delivered: ['acknowledged'],
  acknowledged: [],
  failed: [],
  cancelled: [],
  skipped: [],
};

export function canTransitionDelivery(from: DeliveryStatus, to: DeliveryStatus): boolean {
  return DELIVERY_TRANSITIONS[from].includes(to);
}

export function assertDeliveryTransition(from: DeliveryStatus, to: DeliveryStatus): void {
  if (!canTransitionDelivery(from, to)) {
    throw new AppError({ code: 'deliveries.invalid_transition', kind: 'conflict', messageKey: 'errors.conflict', values: { from, to } });
  }
}

/**
 * The states from which a step may move to `to`: repositories put them in the `where` of the
 * update, so the guard holds in the database too, whoever wrote the row last.
 */
export function statusesThatMayBecome(to: DeliveryStatus): DeliveryStatus[] {
  return DELIVERY_STATUSES.filter((from) => canTransitionDelivery(from, to));
}

/** States from which a step still may be sent. */
export const PENDING_DELIVERY_STATUSES: readonly DeliveryStatus[] = ['planned', 'retrying'];
/** States of a step that is still to be sent (or being sent): an alert with none left is sent. */
export const UNFINISHED_DELIVERY_STATUSES: readonly DeliveryStatus[] = ['planned', 'retrying', 'sending'];
/** States that count as "reached" on the console. */
export const REACHED_DELIVERY_STATUSES: readonly DeliveryStatus[] = ['delivered', 'acknowledged'];

/** Calls and SMS reach everyone behind a number; e-mail and push are one person's. */
export function isSharedChannel(channel: string): boolean {
  return channel === 'voice' || channel === 'sms';
}

/** Steps with the same key go to the same household once: channel, number, and first step or escalation. */
export function householdKey(step: { channel: string; destination: string; unlessAcknowledged: boolean }): string {
  return `${step.channel}|${step.destination}|${step.unlessAcknowledged ? 'e' : 'f'}`;
}
