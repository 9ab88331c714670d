import type { App } from '../../app.ts';
import { renderEmailLayout } from '../../channels/email/email-layout.tsx';
import { AppError, ValidationError } from '../../shared/errors.ts';
import type { Locale } from '../../web/i18n/locales.ts';
import { createTranslator } from '../../web/i18n/translator.ts';
import { type Actor, assertCan, can, zonesFor } from '../accounts/authorization.models.ts';
import { escalationFor } from '../alert-settings/alert-settings.usecases.ts';
import type { AuditActor } from '../audit/audit.usecases.ts';
import { type AreaFeatureCollection, toFeatureCollection } from '../networks/network-areas.models.ts';
import type { Network } from '../networks/networks.models.ts';
import { parseAreaGeometry } from '../geography/geometry.models.ts';
import type { Zone } from '../zones/zones.repository.ts';
import { countAudience, publishAlert, publishFollowUp, type PublishResult } from './alert-planning.usecases.ts';
import type { AlertTarget } from './alert-target.models.ts';
import { type AlertTexts, checklistProblems, composeAllTexts, senderName, smsText, textProblems, withExerciseMarker } from './alerts.models.ts';
import { shortLinkUrl } from './alert-links.models.ts';
import { SHORT_CODE_LENGTH } from './alert-short-links.repository.ts';
import { smsPartCount } from '../../channels/sms/sms-encoding.ts';
import { createAlertsRepository } from './alerts.repository.ts';
import { type ComposeInput, type CountInput, type FollowUpInput, checklistOf, editedTexts, fieldsOf } from './alerts.schemas.ts';

type ComposeApp = Pick<App, 'database' | 'clock' | 'ids' | 'zones' | 'networks' | 'networkAreas' | 'addresses' | 'auditLog'>;
type PreviewApp = ComposeApp & Pick<App, 'config'>;
type TestApp = PreviewApp & Pick<App, 'email'>;

export type ComposeOption = { zone: Zone; networks: Network[] };

/** The zones the actor may send alerts in, each with its active networks (the composer's choices). */
export async function composeOptions({ app, actor }: { app: ComposeApp; actor: Actor }): Promise<ComposeOption[]> {
  assertCan(actor, 'alerts.publish');
  const zones = await app.zones.list(zonesFor(actor, 'alerts.publish'));
  const networks = await app.networks.list({ zoneIds: zones.map((zone) => zone.id) });
  return zones.filter((zone) => can(actor, 'alerts.publish', { zoneId: zone.id })).map((zone) => ({ zone, networks: networks.filter((n) => n.zoneId === zone.id && n.status === 'active') }));
}

/** The target the form describes: checked networks, a circle around a known address, or a drawn area. */
async function targetOf(app: ComposeApp, input: CountInput): Promise<AlertTarget> {
  if (input.targetKind === 'networks') {
    if (input.networkIds.length === 0) throw new ValidationError([{ field: 'networkIds', messageKey: 'alerts.target.networksRequired' }]);
    return { kind: 'networks', networkIds: [...new Set(input.networkIds)] };
  }
  if (input.targetKind === 'polygon') {
    if (!input.polygon) throw new ValidationError([{ field: 'polygon', messageKey: 'alerts.target.polygonRequired' }]);
    const parsed = parseAreaGeometry(input.polygon);
    if (!parsed.ok) throw new ValidationError([{ field: 'polygon', messageKey: parsed.errorKey }]);
    return { kind: 'polygon', geometry: parsed.geometry };
  }
  const [address] = input.centre ? await app.addresses.search(input.centre, { limit: 1 }) : [];
  const errors = [];
  if (!address) errors.push({ field: 'centre', messageKey: 'alerts.target.addressNotFound' });
  if (input.radiusMetres === undefined) errors.push({ field: 'radiusMetres', messageKey: 'alerts.target.radius' });
  if (!address || input.radiusMetres === undefined) throw new ValidationError(errors);
  return { kind: 'circle', centre: { lat: address.lat, lon: address.lon }, radiusMetres: input.radiusMetres };
}

/** The composer's live count: people and contact points per channel that the target reaches. */
export async function countTarget({ app, actor, input }: { app: ComposeApp; actor: Actor; input: CountInput }) {
  assertCan(actor, 'alerts.publish', { zoneId: input.zoneId });
  const target = await targetOf(app, input);
  return countAudience({ app, actor, zoneId: input.zoneId, target, severity: input.severity });
}

/** The areas of the zone's active networks for the composer's map, each with its network's id and name. */
export async function composeAreas({ app, actor, zoneId }: { app: ComposeApp; actor: Actor; zoneId: string }): Promise<AreaFeatureCollection> {
  assertCan(actor, 'alerts.publish', { zoneId });
  const networks = await app.networks.listByZone(zoneId, { status: 'active' });
  const areas = await app.networkAreas.listAreas(networks.map((network) => network.id));
  const features = networks.flatMap((network) => toFeatureCollection(areas.filter((area) => area.networkId === network.id), { networkId: network.id, name: network.name }).features);
  return { type: 'FeatureCollection', features };
}

/** One language's SMS on the preview: the text exactly as it leaves (a link of the real length) and its parts. */
export type SmsPreview = { text: string; parts: number };

export type AlertPreview = { target: AlertTarget; texts: Record<Locale, AlertTexts>; sms: Record<Locale, SmsPreview>; count: Awaited<ReturnType<typeof countAudience>> };

/** The SMS of every language as the renderer makes it; the link's code is a stand-in of the same length. */
async function smsPreviews(app: ComposeApp & Pick<App, 'config'>, zoneId: string, target: AlertTarget, texts: Record<Locale, AlertTexts>): Promise<Record<Locale, SmsPreview>> {
  const zone = await app.zones.findById(zoneId);
  const names = target.kind === 'networks' ? await createAlertsRepository({ database: app.database }).networkNames(target.networkIds) : [];
  const link = shortLinkUrl(app.config.server.publicUrl, 'x'.repeat(SHORT_CODE_LENGTH));
  const entries = (Object.entries(texts) as [Locale, AlertTexts][]).map(([locale, text]) => {
    const sms = smsText({ sender: senderName(locale, names, zone?.name ?? ''), shortText: text.shortText, link });
    return [locale, { text: sms, parts: smsPartCount(sms) }] as const;
  });
  return Object.fromEntries(entries) as Record<Locale, SmsPreview>;
}

/**
 * The preview before sending: every rule checked (as the send will), the texts of every language
 * (the sender's edits kept) and the live count of people and contact points per channel.
 */
export async function previewAlert({ app, actor, input }: { app: PreviewApp; actor: Actor; input: ComposeInput }): Promise<AlertPreview> {
  assertCan(actor, 'alerts.publish', { zoneId: input.zoneId });
  const target = await targetOf(app, input);
  const fields = fieldsOf(input);
  const problems = checklistProblems(input.severity, checklistOf(input), fields, app.clock.now());
  if (problems.length > 0) throw new ValidationError(problems);
  const texts = composeAllTexts({ fields, severity: input.severity, kind: 'initial', exercise: input.exercise });
  for (const [locale, edited] of Object.entries(editedTexts(input, subjectsOf(texts))) as [Locale, AlertTexts][]) {
    texts[locale] = withExerciseMarker(edited, locale, input.exercise);
    const errors = textProblems(texts[locale], locale);
    if (errors.length > 0) throw new ValidationError(errors);
  }
  // The zone's escalation is announced: the calls (or SMS) it adds are part of what the send costs.
  const escalation = await escalationFor(app, input.zoneId, input.severity);
  const count = await countAudience({ app, actor, zoneId: input.zoneId, target, severity: input.severity, escalation });
  return { target, texts, sms: await smsPreviews(app, input.zoneId, target, texts), count };
}

const subjectsOf = (texts: Record<Locale, AlertTexts>) => Object.fromEntries(Object.entries(texts).map(([locale, text]) => [locale, text.subject])) as Record<Locale, string>;

/**
 * "Send a test to myself": the previewed e-mail, in the sender's language, to the sender's own
 * address only, marked as a test. No alert, no incident, no delivery is recorded; the audit log is.
 */
export async function sendTestToSelf({ app, by, input, locale }: { app: TestApp; by: AuditActor; input: ComposeInput; locale: Locale }): Promise<{ email: string }> {
  const actor = by.actor!;
  const { texts } = await previewAlert({ app, actor, input });
  const zone = await app.zones.findById(input.zoneId);
  const language: Locale = texts[locale] ? locale : (zone?.defaultLanguage ?? 'nl');
  const text = texts[language];
  const { t } = createTranslator(language);
  const rendered = renderEmailLayout({
    locale: language,
    subject: t('alerts.test.subject', { subject: text.subject }),
    heading: t('alerts.test.subject', { subject: text.subject }),
    paragraphs: text.fullText.split(/\n{2,}/),
    footerNote: t('alerts.test.footer'),
    zoneName: zone?.name ?? '',
  });
  const outcome = await app.email.send({ to: actor.email, ...rendered });
  if (outcome.kind === 'failed_permanent' || outcome.kind === 'failed_retryable') {
    throw new AppError({ code: 'alerts.test_failed', kind: 'conflict', messageKey: 'alerts.test.failed', values: { reason: outcome.reason ?? outcome.kind } });
  }
  await app.auditLog.record(by, { action: 'alerts.test_sent', objectType: 'zone', objectId: input.zoneId, zoneId: input.zoneId, details: { severity: input.severity, language } });
  return { email: actor.email };
}

/** Sends the previewed alert (after the countdown, or "send now" without JavaScript). */
export async function sendComposedAlert({ app, by, input }: { app: ComposeApp; by: AuditActor; input: ComposeInput }): Promise<PublishResult> {
  const target = await targetOf(app, input);
  const fields = fieldsOf(input);
  const assembled = composeAllTexts({ fields, severity: input.severity, kind: 'initial', exercise: input.exercise });
  return publishAlert({
    app,
    by,
    target,
    // The zone's escalation (a call or SMS unless acknowledged): red alerts only, see escalationFor.
    escalation: await escalationFor(app, input.zoneId, input.severity),
    input: { requestKey: input.requestKey, zoneId: input.zoneId, severity: input.severity, exercise: input.exercise, fields, checklist: input.severity === 'red' ? checklistOf(input) : null, texts: editedTexts(input, subjectsOf(assembled)) },
  });
}

/** Sends an update or the result message of an incident to the audience of its first alert. */
export async function sendFollowUp({ app, by, incidentId, kind, input }: { app: ComposeApp; by: AuditActor; incidentId: string; kind: 'update' | 'result'; input: FollowUpInput }): Promise<PublishResult> {
  const first = await createAlertsRepository({ database: app.database }).firstOfIncident(incidentId);
  const assembled = composeAllTexts({ fields: fieldsOf(input), severity: input.severity, kind, exercise: first?.exercise ?? false });
  return publishFollowUp({ app, by, incidentId, kind, input: { requestKey: input.requestKey, severity: input.severity, fields: fieldsOf(input), texts: editedTexts(input, subjectsOf(assembled)) } });
}

/** The incident's first alert, for the follow-up form (permission checked). */
export async function followUpContext({ app, actor, incidentId }: { app: ComposeApp; actor: Actor; incidentId: string }) {
  const first = await createAlertsRepository({ database: app.database }).firstOfIncident(incidentId);
  if (!first) throw new AppError({ code: 'alerts.incident_not_found', kind: 'not_found', messageKey: 'alerts.notFound' });
  assertCan(actor, 'alerts.publish', { zoneId: first.zoneId });
  return first;
}
