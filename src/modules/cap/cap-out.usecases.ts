import type { App } from '../../app.ts';
import { AppError } from '../../shared/errors.ts';
import { type Actor, assertCan } from '../accounts/authorization.models.ts';
import { createAlertsApiRepository } from '../alerts/alerts-api.repository.ts';
import { readableAlert } from '../alerts/alerts-api.usecases.ts';
import { type Alert, createAlertsRepository } from '../alerts/alerts.repository.ts';
import type { Locale } from '../../web/i18n/locales.ts';
import { createTranslator } from '../../web/i18n/translator.ts';
import { type CapArea, type CapMessage, outerRings, renderCap } from './cap-out.models.ts';

type CapApp = Pick<App, 'database' | 'zones' | 'networks' | 'networkAreas' | 'config'>;

/** RFC 5646 tags of the platform's languages as spoken in Belgium. */
const CAP_LANGUAGE: Record<Locale, string> = { nl: 'nl-BE', fr: 'fr-BE', de: 'de-BE', en: 'en' };

/** This installation as a CAP sender: the zone's code at the public host (no spaces or commas, §3.2.1). */
function senderOf(config: CapApp['config'], zoneCode: string): string {
  const host = new URL(config.server.publicUrl).hostname;
  return `${zoneCode.replace(/[^A-Za-z0-9._-]/g, '-')}@${host}`;
}

export const capIdentifier = (alertId: string, cancelled = false) => `waakzaam-${alertId}${cancelled ? '-cancel' : ''}`;

async function areasOf(app: CapApp, alert: Alert, zoneName: string, t: ReturnType<typeof createTranslator>['t']): Promise<CapArea[]> {
  const target = alert.target;
  if (target.kind === 'circle') return [{ description: t('cap.area.drawn', { zone: zoneName }), polygons: [], circles: [{ ...target.centre, radiusMetres: target.radiusMetres }] }];
  if (target.kind === 'polygon') return [{ description: t('cap.area.drawn', { zone: zoneName }), polygons: outerRings(target.geometry), circles: [] }];
  const areas = await app.networkAreas.listAreas(target.networkIds);
  const networks = await Promise.all(target.networkIds.map((id) => app.networks.findById(id)));
  return networks.flatMap((network) => (network ? [{ description: network.name, polygons: areas.filter((a) => a.networkId === network.id).flatMap((a) => outerRings(a.geometry)), circles: [] }] : []));
}

/**
 * The alert as a CAP 1.2 message: Alert for a first alert, Update (referring to the incident's
 * earlier messages) for an update or the result, Cancel once it was cancelled.
 */
export async function capMessageOf(app: CapApp, alert: Alert): Promise<CapMessage> {
  const zone = (await app.zones.findById(alert.zoneId))!;
  const repository = createAlertsRepository({ database: app.database });
  // The incident's messages in the order they were created: the earlier ones are those before this one.
  const incident = await repository.listByIncident(alert.incidentId);
  const earlier = incident.slice(0, Math.max(0, incident.findIndex((other) => other.id === alert.id)));
  const cancelled = alert.status === 'cancelled' && alert.cancelledAt !== null;
  const references = [...earlier.map((other) => ({ identifier: capIdentifier(other.id), sent: other.createdAt })), ...(cancelled ? [{ identifier: capIdentifier(alert.id), sent: alert.createdAt }] : [])];
  const { t } = createTranslator(zone.defaultLanguage);
  const infos = [];
  for (const locale of zone.languages) {
    const texts = await repository.findTexts(alert.id, locale);
    if (!texts) continue;
    infos.push({ language: CAP_LANGUAGE[locale], texts, event: createTranslator(locale).t('cap.event'), instruction: alert.fields.advice, web: `${app.config.server.publicUrl.replace(/\/$/, '')}/alerts/${alert.id}`, senderName: zone.name });
  }
  return {
    identifier: capIdentifier(alert.id, cancelled),
    sender: senderOf(app.config, zone.code),
    sent: cancelled ? alert.cancelledAt! : alert.createdAt,
    timeZone: zone.timeZone,
    exercise: alert.exercise,
    kind: alert.kind,
    severity: alert.severity,
    cancelled,
    references,
    restriction: 'Members of the neighbourhood information networks of the zone and the police (BIN/PLP)',
    incident: alert.incidentId,
    infos,
    areas: await areasOf(app, alert, zone.name, t),
  };
}

/** The CAP 1.2 XML of an alert the actor may read. */
export async function capOfAlert({ app, actor, alertId }: { app: CapApp; actor: Actor | null; alertId: string }): Promise<string> {
  return renderCap(await capMessageOf(app, await readableAlert(app, actor, alertId)));
}

const FEED_ENTRIES = 50;
const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * The zone's newest alerts as an Atom feed (RFC 4287), each entry linking to its CAP message: the
 * usual way CAP consumers poll a source. A cancelled alert's entry is its Cancel message.
 */
export async function capFeedOfZone({ app, actor, zoneId }: { app: CapApp; actor: Actor | null; zoneId: string }): Promise<string> {
  assertCan(actor, 'alerts.read', { zoneId });
  const zone = await app.zones.findById(zoneId);
  if (!zone) throw new AppError({ code: 'zones.not_found', kind: 'not_found', messageKey: 'errors.not_found' });
  const base = app.config.server.publicUrl.replace(/\/$/, '');
  const alerts = await createAlertsApiRepository({ database: app.database }).list({ zoneIds: [zoneId], limit: FEED_ENTRIES });
  const repository = createAlertsRepository({ database: app.database });
  const entries = [];
  for (const alert of alerts) {
    const texts = await repository.findTexts(alert.id, zone.defaultLanguage);
    const cancelled = alert.status === 'cancelled' && alert.cancelledAt !== null;
    const updated = new Date(cancelled ? alert.cancelledAt! : alert.createdAt).toISOString();
    entries.push(
      `<entry><id>urn:waakzaam:cap:${escapeXml(capIdentifier(alert.id, cancelled))}</id><title>${escapeXml(texts?.subject ?? alert.fields.what)}</title><updated>${updated}</updated>` +
        `<link rel="alternate" type="application/cap+xml" href="${escapeXml(`${base}/api/v1/alerts/${alert.id}/cap`)}"/></entry>`,
    );
  }
  const updated = new Date(alerts[0] ? Math.max(alerts[0].createdAt, alerts[0].cancelledAt ?? 0) : zone.updatedAt).toISOString();
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>urn:waakzaam:cap-feed:${escapeXml(zone.id)}</id><title>${escapeXml(zone.name)}</title><updated>${updated}</updated>`,
    `<author><name>${escapeXml(zone.name)}</name></author>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(`${base}/api/v1/zones/${zone.id}/cap.atom`)}"/>`,
    ...entries,
    '</feed>',
    '',
  ].join('\n');
}
