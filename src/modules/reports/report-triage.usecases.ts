import type { App } from '../../app.ts';
import { renderEmailLayout } from '../../channels/email/email-layout.tsx';
import { inTransaction } from '../../db/database.ts';
import { AppError } from '../../shared/errors.ts';
import { createTranslator } from '../../web/i18n/translator.ts';
import { isLocale, type Locale } from '../../web/i18n/locales.ts';
import { type Actor, assertCan, can, zonesFor } from '../accounts/authorization.models.ts';
import { FIELD_MAX } from '../alerts/alerts.models.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { type AuditActor, createAuditLog } from '../audit/audit.usecases.ts';
import { blobKey } from '../blobs/blobs.models.ts';
import { type ReportStatus, assertReportTransition, isReportPhotoFileName } from './reports.models.ts';
import { type ReportAnswer, type ReportFilters, type ReportListItem, createReportsRepository } from './reports.repository.ts';

type TriageApp = Pick<App, 'database' | 'clock' | 'ids' | 'config' | 'email' | 'logger' | 'people' | 'contactPoints' | 'zones' | 'networks' | 'auditLog'>;

const notFound = () => new AppError({ code: 'reports.not_found', kind: 'not_found', messageKey: 'errors.not_found' });

/** A report for staff who triage its zone: missing is 404, another zone's is 403. */
async function triagedReport(app: Pick<App, 'database'>, actor: Actor | null, reportId: string): Promise<ReportListItem> {
  assertCan(actor, 'reports.triage');
  const report = await createReportsRepository({ database: app.database }).findById(reportId);
  if (!report) throw notFound();
  assertCan(actor, 'reports.triage', { zoneId: report.zoneId });
  return report;
}

/** The triage queue: the reports of every zone the actor triages, filtered, newest first. */
export async function listTriageQueue({ app, actor, filters }: { app: Pick<App, 'database'>; actor: Actor | null; filters: ReportFilters }): Promise<ReportListItem[]> {
  assertCan(actor, 'reports.triage');
  return createReportsRepository({ database: app.database }).listForZones(zonesFor(actor, 'reports.triage'), filters);
}

export type ReportPage = { report: ReportListItem; answers: ReportAnswer[]; reporterEmails: number; mayCreateAlert: boolean };

/** One report with its answers and whether the reporter can be answered by e-mail. */
export async function viewReport({ app, actor, reportId }: { app: Pick<App, 'database' | 'contactPoints'>; actor: Actor | null; reportId: string }): Promise<ReportPage> {
  const report = await triagedReport(app, actor, reportId);
  const answers = await createReportsRepository({ database: app.database }).listAnswers([report.id]);
  const emails = (await app.contactPoints.listForPerson(report.personId)).filter((cp) => cp.kind === 'email' && cp.verifiedAt !== null && cp.stoppedAt === null);
  return { report, answers, reporterEmails: emails.length, mayCreateAlert: can(actor, 'alerts.publish', { zoneId: report.zoneId }) };
}

/** Moves a report along new → in progress → closed (the guard in reports.models.ts). Audited. */
export async function changeReportStatus({ app, by, reportId, to }: { app: Pick<App, 'database' | 'clock' | 'auditLog'>; by: AuditActor; reportId: string; to: ReportStatus }): Promise<void> {
  const report = await triagedReport(app, by.actor, reportId);
  assertReportTransition(report.status, to);
  const now = app.clock.now();
  // The guarded update first: of two officers changing it at once, one wins, the other is told.
  if (!(await createReportsRepository({ database: app.database }).setStatus(report.id, report.status, to, now))) assertReportTransition(to, to);
  await app.auditLog.record(by, { action: 'reports.status_changed', objectType: 'report', objectId: report.id, zoneId: report.zoneId, details: { from: report.status, to } });
}

/**
 * Answers the reporter: the answer is kept (the member sees it under /me/reports) and e-mailed to
 * their verified addresses in the member's own language, on behalf of the zone. Audited with
 * counts only. A member without an e-mail address still sees the answer when signed in.
 */
export async function answerReport({ app, by, reportId, text }: { app: TriageApp; by: AuditActor; reportId: string; text: string }): Promise<{ emailedTo: number }> {
  const report = await triagedReport(app, by.actor, reportId);
  const person = await app.people.findById(report.personId);
  if (!person) throw notFound();
  const locale: Locale = isLocale(person.language) ? person.language : 'nl';
  const zone = await app.zones.findById(report.zoneId);
  const { t, formatDate } = createTranslator(locale, zone?.timeZone ?? app.config.locale.timeZone);
  const emails = person.erasedAt === null ? (await app.contactPoints.listForPerson(person.id)).filter((cp) => cp.kind === 'email' && cp.verifiedAt !== null && cp.stoppedAt === null) : [];
  const rendered = renderEmailLayout({
    locale,
    subject: t('reports.answerEmail.subject', { date: formatDate(report.createdAt) }),
    heading: t('reports.answerEmail.heading'),
    paragraphs: [t('reports.answerEmail.intro', { date: formatDate(report.createdAt), category: t(`reports.category.${report.category}`) }), text],
    button: { label: t('reports.answerEmail.button'), url: `${app.config.server.publicUrl}/me/reports` },
    ...(zone ? { zoneName: zone.name } : {}),
  });
  let emailedTo = 0;
  for (const email of emails) {
    try {
      const outcome = await app.email.send({ to: email.value, from: app.config.email.from, ...rendered });
      if (outcome.kind === 'sent' || outcome.kind === 'delivered') emailedTo += 1;
    } catch (error) {
      app.logger.error({ err: error, reportId: report.id }, 'report answer e-mail failed');
    }
  }
  const now = app.clock.now();
  const id = app.ids.id();
  await inTransaction(app.database, async (trx) => {
    await createReportsRepository({ database: trx }).insertAnswer({ id, reportId: report.id, text, authorId: by.actor?.accountId ?? null, authorName: by.actor?.name ?? '', locale, emailedTo, createdAt: now });
    await createAuditLog({ audit: createAuditRepository({ database: trx }), clock: app.clock }).record(by, {
      action: 'reports.answered',
      objectType: 'report',
      objectId: report.id,
      zoneId: report.zoneId,
      details: { answerId: id, locale, length: text.length, emailedTo },
    });
  });
  return { emailedTo };
}

/**
 * What a coordinator sees of a network's reports: only those whose reporter agreed, and only for a
 * network they coordinate (403 otherwise, 404 for a network that does not exist).
 */
export async function listSharedReports({ app, actor, networkId }: { app: Pick<App, 'database' | 'networks'>; actor: Actor | null; networkId: string }): Promise<{ networkName: string; reports: ReportListItem[] }> {
  assertCan(actor, 'reports.readShared');
  const network = await app.networks.findById(networkId);
  if (!network) throw notFound();
  assertCan(actor, 'reports.readShared', { networkId: network.id });
  return { networkName: network.name, reports: await createReportsRepository({ database: app.database }).listSharedForNetwork(network.id) };
}

/**
 * "Create an alert from this report": the composer's fields filled from the report (what, where,
 * when), for staff who may triage it and publish in its zone.
 */
export async function reportForComposer({ app, actor, reportId }: { app: Pick<App, 'database'>; actor: Actor | null; reportId: string }): Promise<{ zoneId: string; what: string; where: string; when: string }> {
  const report = await triagedReport(app, actor, reportId);
  assertCan(actor, 'alerts.publish', { zoneId: report.zoneId });
  const point = report.lat !== null && report.lon !== null ? `${report.lat.toFixed(5)}, ${report.lon.toFixed(5)}` : '';
  const where = [report.whereText, point].filter(Boolean).join(' · ');
  return { zoneId: report.zoneId, what: report.what.slice(0, FIELD_MAX), where: where.slice(0, FIELD_MAX), when: report.whenText.slice(0, FIELD_MAX) };
}

/** The photo of a report, for staff who triage its zone. */
export async function reportPhoto({ app, actor, reportId }: { app: Pick<App, 'database' | 'blobs'>; actor: Actor | null; reportId: string }): Promise<{ type: string; data: Buffer }> {
  const report = await triagedReport(app, actor, reportId);
  if (!report.photoPath || !report.photoType || !isReportPhotoFileName(report.photoPath)) throw notFound();
  const photo = await app.blobs.get(blobKey('reports', report.photoPath));
  if (!photo) throw notFound();
  return { type: report.photoType, data: photo.data };
}
