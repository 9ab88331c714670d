import type { App } from '../../app.ts';
import { inTransaction } from '../../db/database.ts';
import { type FieldError, ValidationError } from '../../shared/errors.ts';
import { ImageMetadataError, type ImageType, stripImageMetadata } from '../../shared/image-metadata.ts';
import type { UploadedFile } from '../../web/multipart.ts';
import { toFieldErrors } from '../../web/validation.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { createAuditLog } from '../audit/audit.usecases.ts';
import { blobKey } from '../blobs/blobs.models.ts';
import { createBlobStore } from '../blobs/blobs.repository.ts';
import type { Person } from '../members/members.models.ts';
import { reportPhotoFileName } from './reports.models.ts';
import { type Report, type ReportAnswer, createReportsRepository } from './reports.repository.ts';
import { reportSchema } from './reports.schemas.ts';

type ReportsApp = Pick<App, 'database' | 'clock' | 'ids' | 'config' | 'memberships'>;

/** The largest photo a report takes (issue 8: 5 MB). */
export const REPORT_PHOTO_MAX_BYTES = 5 * 1024 * 1024;

/** The networks a member may send a report under: their active memberships. */
export async function reportNetworks({ app, person }: { app: Pick<App, 'memberships'>; person: Person }): Promise<Array<{ id: string; name: string }>> {
  const memberships = await app.memberships.listForPerson(person.id);
  return memberships.filter((m) => m.status === 'active' && m.zoneId === person.zoneId).map((m) => ({ id: m.networkId, name: m.networkName }));
}

const megabytes = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

/** The photo's problems as field errors; the stripped photo when there are none. */
function checkPhoto(photo: UploadedFile | undefined): { errors: FieldError[]; image?: { type: ImageType; data: Buffer } } {
  if (!photo) return { errors: [] };
  if (photo.truncated || photo.data.length > REPORT_PHOTO_MAX_BYTES) return { errors: [{ field: 'photo', messageKey: 'reports.photoTooLarge', values: { max: megabytes(REPORT_PHOTO_MAX_BYTES) } }] };
  try {
    return { errors: [], image: stripImageMetadata(photo.data) };
  } catch (error) {
    if (!(error instanceof ImageMetadataError)) throw error;
    return { errors: [{ field: 'photo', messageKey: error.problem === 'unknown_type' ? 'reports.photoType' : 'reports.photoDamaged' }] };
  }
}

/**
 * A member reports something non-urgent to their zone (issue 8): category, what, where (address
 * or a point in Belgium), when, optionally a JPEG or PNG (stored without its metadata) and whether
 * their coordinator may see it. The network is one of the member's active networks (the one they
 * chose when they have several). The row, its photo and its audit entry are written together.
 */
export async function createReport({ app, person, fields, photo, ip }: { app: ReportsApp; person: Person; fields: Record<string, unknown>; photo: UploadedFile | undefined; ip: string | null }): Promise<Report> {
  const parsed = reportSchema.safeParse(fields);
  const checked = checkPhoto(photo);
  const networks = await reportNetworks({ app, person });
  const chosen = parsed.success ? (parsed.data.networkId === '' ? networks[0] : networks.find((n) => n.id === parsed.data.networkId)) : undefined;
  const errors = [...(parsed.success ? [] : toFieldErrors(parsed.error.issues)), ...checked.errors];
  if (parsed.success && parsed.data.networkId !== '' && !chosen) errors.push({ field: 'networkId', messageKey: 'form.invalid' });
  if (errors.length > 0 || !parsed.success) throw new ValidationError(errors);
  const input = parsed.data;

  const now = app.clock.now();
  const id = app.ids.id();
  const photoPath = checked.image ? reportPhotoFileName(id, checked.image.type) : null;
  const report: Report = {
    id,
    zoneId: person.zoneId,
    networkId: chosen?.id ?? null,
    personId: person.id,
    category: input.category,
    what: input.what,
    whereText: input.where,
    lat: input.lat ?? null,
    lon: input.lon ?? null,
    whenText: input.when,
    photoPath,
    photoType: checked.image?.type ?? null,
    photoSize: checked.image?.data.length ?? null,
    sharedWithCoordinator: input.share,
    status: 'new',
    createdAt: now,
    updatedAt: now,
    inProgressAt: null,
    closedAt: null,
  };
  await inTransaction(app.database, async (trx) => {
    // The photo (the blob `reports/<name>`, only the triage page's photo route reads it) with its row.
    if (checked.image && photoPath) await createBlobStore({ database: trx }).put({ key: blobKey('reports', photoPath), data: checked.image.data, contentType: checked.image.type, now });
    await createReportsRepository({ database: trx }).insert(report);
    // Counts and ids only: what was reported stays in the report.
    await createAuditLog({ audit: createAuditRepository({ database: trx }), clock: app.clock }).record(
      { actor: null, label: 'member', ip },
      { action: 'reports.created', objectType: 'report', objectId: id, zoneId: person.zoneId, details: { personId: person.id, networkId: report.networkId, category: report.category, length: report.what.length, point: report.lat !== null, photoType: report.photoType, shared: report.sharedWithCoordinator } },
    );
  });
  return report;
}

/** A member's own reports with the answers they got, newest first. */
export async function listOwnReports({ app, person }: { app: Pick<App, 'database'>; person: Person }): Promise<Array<{ report: Report; answers: ReportAnswer[] }>> {
  const repository = createReportsRepository({ database: app.database });
  const reports = await repository.listForPerson(person.id);
  const answers = await repository.listAnswers(reports.map((r) => r.id));
  return reports.map((report) => ({ report, answers: answers.filter((a) => a.reportId === report.id) }));
}
