import { AppError } from '../../shared/errors.ts';
import { type Actor, can } from '../accounts/authorization.models.ts';
import type { AlertTarget } from './alert-target.models.ts';
import type { AlertKind, AlertSeverity } from './alerts.models.ts';

/**
 * A coordinator's green message: sent at once (`sent`), or held for a police officer (`awaiting`)
 * who sends it (`sent`) or turns it down with a reason (`rejected`).
 */
export const GREEN_REQUEST_STATUSES = ['awaiting', 'sent', 'rejected'] as const;
export type GreenRequestStatus = (typeof GREEN_REQUEST_STATUSES)[number];

/** The one transition guard of a green message request. */
const GREEN_REQUEST_TRANSITIONS: Record<GreenRequestStatus, readonly GreenRequestStatus[]> = {
  awaiting: ['sent', 'rejected'],
  sent: [],
  rejected: [],
};

export const alreadyDecided = () => new AppError({ code: 'green_messages.already_decided', kind: 'conflict', messageKey: 'greenMessages.alreadyDecided' });

export function assertGreenRequestTransition(from: GreenRequestStatus, to: GreenRequestStatus): void {
  if (!GREEN_REQUEST_TRANSITIONS[from].includes(to)) throw alreadyDecided();
}

/**
 * Who may publish an alert: police with `alerts.publish` in the zone; and, for a first green
 * message to networks only, a holder of `alerts.publishGreen` on every one of those networks (a
 * coordinator of their own networks; the zone's consent is checked by the green message use case).
 */
export function mayPublishAlert(actor: Actor | null | undefined, { zoneId, severity, kind, target }: { zoneId: string; severity: AlertSeverity; kind: AlertKind; target: AlertTarget | null }): boolean {
  if (can(actor, 'alerts.publish', { zoneId })) return true;
  if (severity !== 'green' || kind !== 'initial' || target?.kind !== 'networks' || target.networkIds.length === 0) return false;
  return target.networkIds.every((networkId) => can(actor, 'alerts.publishGreen', { networkId }));
}

/**
 * Who may approve a held green message: whoever holds `alerts.approveGreen` in the zone (zone
 * admins), or a police officer of the zone named mandated officer (or deputy) of one of its networks.
 */
export function mayApproveGreen(actor: Actor | null | undefined, { zoneId, officerAccountIds }: { zoneId: string; officerAccountIds: readonly string[] }): boolean {
  if (can(actor, 'alerts.approveGreen', { zoneId })) return true;
  return Boolean(actor) && can(actor, 'alerts.publish', { zoneId }) && officerAccountIds.includes(actor!.accountId);
}
