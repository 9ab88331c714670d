import type { App } from '../../app.ts';
import { viewMemberAlert } from '../alerts/alerts.usecases.ts';
import { parseInput } from '../../web/validation.ts';
import { type AlertRating, createAlertRatingsRepository } from './alert-ratings.repository.ts';
import { ratingSchema } from './reports.schemas.ts';

type RatingsApp = Parameters<typeof viewMemberAlert>[0]['app'] & Pick<App, 'auditLog'>;
type Link = { alertId: string; personId: string; token: string };

/** The member's current rating of an alert, if any (the alert page shows it). */
export function currentRating({ app, alertId, personId }: { app: Pick<App, 'database'>; alertId: string; personId: string }): Promise<AlertRating | undefined> {
  return createAlertRatingsRepository({ database: app.database }).find(alertId, personId);
}

/**
 * "Was this message useful?" from the member's alert page, with the same signed link as the
 * acknowledgement (a bad token is "not found"). One rating per person and alert: a second one
 * replaces the first. Audited without the comment.
 */
export async function rateAlert({ app, link, fields, ip }: { app: RatingsApp; link: Link; fields: Record<string, unknown>; ip: string | null }): Promise<void> {
  const { alert } = await viewMemberAlert({ app, link });
  const input = parseInput(ratingSchema, fields);
  await createAlertRatingsRepository({ database: app.database }).save({ alertId: alert.id, personId: link.personId, zoneId: alert.zoneId, useful: input.useful === 'yes', comment: input.comment === '' ? null : input.comment, now: app.clock.now() });
  await app.auditLog.record({ actor: null, label: 'member', ip }, { action: 'alerts.rated', objectType: 'alert', objectId: alert.id, zoneId: alert.zoneId, details: { personId: link.personId, useful: input.useful === 'yes', commented: input.comment !== '' } });
}
