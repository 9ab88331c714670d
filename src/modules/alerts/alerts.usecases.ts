import type { App } from '../../app.ts';
import { AppError } from '../../shared/errors.ts';
import { isLocale, type Locale } from '../../web/i18n/locales.ts';
import { assertCan } from '../accounts/authorization.models.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import { type AlertArea, alertArea } from './alert-area.usecases.ts';
import { verifyAlertLinkToken } from './alert-links.models.ts';
import { assertAlertTransition, type AlertTexts } from './alerts.models.ts';
import { type Alert, createAlertsRepository } from './alerts.repository.ts';

type AlertsApp = Pick<App, 'database' | 'clock' | 'deliveries' | 'auditLog' | 'config' | 'networks' | 'networkAreas' | 'zones'>;

const notFound = () => new AppError({ code: 'alerts.not_found', kind: 'not_found', messageKey: 'alerts.notFound' });

/** An alert and its counts, for a police user who may read alerts of its zone. */
export async function viewAlert({ app, by, alertId }: { app: AlertsApp; by: AuditActor; alertId: string }) {
  const alerts = createAlertsRepository({ database: app.database });
  const alert = await alerts.findById(alertId);
  if (!alert) throw notFound();
  assertCan(by.actor, 'alerts.read', { zoneId: alert.zoneId });
  return { alert, audience: await alerts.countAudience(alert.id), counts: await app.deliveries.countsForAlert(alert.id) };
}

/**
 * Cancels an alert in flight: the steps that have not gone out stop (being sent right now ones
 * finish). Audited. Returns the number of steps cancelled.
 */
export async function cancelAlert({ app, by, alertId }: { app: AlertsApp; by: AuditActor; alertId: string }): Promise<{ alert: Alert; cancelled: number }> {
  const alerts = createAlertsRepository({ database: app.database });
  const alert = await alerts.findById(alertId);
  if (!alert) throw notFound();
  assertCan(by.actor, 'alerts.publish', { zoneId: alert.zoneId });
  assertAlertTransition(alert.status, 'cancelled');
  const now = app.clock.now();
  // The guarded update first: of two dispatchers cancelling at once, one changes the status.
  if (!(await alerts.setStatus(alert.id, alert.status, 'cancelled', now))) assertAlertTransition('cancelled', 'cancelled');
  const cancelled = await app.deliveries.cancelPending(alert.id, now);
  await app.auditLog.record(by, { action: 'alerts.cancel', objectType: 'alert', objectId: alert.id, zoneId: alert.zoneId, details: { incidentId: alert.incidentId, cancelled } });
  return { alert: { ...alert, status: 'cancelled', cancelledAt: now }, cancelled };
}

/** `writtenIn`: the zone's working language, in which the police typed the free text of the fields. */
export type MemberAlertView = { alert: Alert; texts: AlertTexts; locale: Locale; writtenIn: Locale; acknowledgedAt: number | null; area: AlertArea };

/** What the member's link opens, after the token and the person's place in the audience are checked. */
async function memberAlert(app: AlertsApp, { alertId, personId, token }: { alertId: string; personId: string; token: string }): Promise<MemberAlertView> {
  if (!verifyAlertLinkToken(app.config.security.sessionSecret, alertId, personId, token)) throw notFound();
  const alerts = createAlertsRepository({ database: app.database });
  const [alert, entry] = [await alerts.findById(alertId), await alerts.findAudienceEntry(alertId, personId)];
  if (!alert || !entry) throw notFound();
  const locale = isLocale(entry.language) ? entry.language : 'nl';
  const texts = await alerts.findTexts(alertId, locale);
  if (!texts) throw notFound();
  const zone = await app.zones.findById(alert.zoneId);
  return { alert, texts, locale, writtenIn: zone?.defaultLanguage ?? locale, acknowledgedAt: entry.acknowledgedAt, area: await alertArea(app, alert.target) };
}

/** The alert page of a member (GET): shows, never acknowledges. A bad token is "not found". */
export function viewMemberAlert({ app, link }: { app: AlertsApp; link: { alertId: string; personId: string; token: string } }): Promise<MemberAlertView> {
  return memberAlert(app, link);
}

/**
 * "I have read this / I am keeping watch" (POST from the signed link, or the action of a push
 * notification: `via` 'push'): marks the person reached and skips their pending escalation steps.
 * A second press changes nothing.
 */
export async function acknowledgeByLink({ app, link, via = 'link' }: { app: AlertsApp; link: { alertId: string; personId: string; token: string }; via?: 'link' | 'push' }): Promise<MemberAlertView> {
  const view = await memberAlert(app, link);
  const now = app.clock.now();
  const { acknowledged } = await app.deliveries.acknowledge({ alertId: link.alertId, personId: link.personId, via, now });
  return { ...view, acknowledgedAt: acknowledged ? now : view.acknowledgedAt };
}

/**
 * Alerts whose every delivery step is final (sent, delivered, failed, cancelled, skipped…) move
 * from `sending` to `sent`; an escalation step still waiting keeps its alert `sending`.
 */
export function settleSentAlerts({ app }: { app: Pick<AlertsApp, 'database' | 'clock'> }): Promise<string[]> {
  return createAlertsRepository({ database: app.database }).settleFinished(app.clock.now());
}
