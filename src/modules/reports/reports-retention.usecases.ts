import type { Config } from '../../config/config.ts';
import { type Database, inTransaction } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { createAuditLog } from '../audit/audit.usecases.ts';
import { blobKey } from '../blobs/blobs.models.ts';
import { createBlobStore } from '../blobs/blobs.repository.ts';
import { isReportPhotoFileName } from './reports.models.ts';
import { createReportsRepository } from './reports.repository.ts';

const DAY_MS = 86_400_000;
/** Files younger than this may belong to a report being written right now. */
const ORPHAN_GRACE_MS = 3_600_000;

/**
 * Part of the retention job (docs/privacy.md): reports closed more than
 * `WAAKZAAM_RETENTION_REPORT_DAYS` ago are removed with their answers and photos, so are the reports
 * of members who erased their data (within the hour of the erasure), and photo files no report
 * refers to any more (a person removed) once they are an hour old.
 * Ratings need nothing here: they go with their alert. One audit entry with the counts when
 * anything was removed. Returns how many reports and files were removed.
 */
export async function removeExpiredReports({ app }: { app: { database: Database; clock: Clock; config: Pick<Config, 'retention'> } }): Promise<{ reports: number; photos: number }> {
  const now = app.clock.now();
  const reportDays = app.config.retention.reportDays;
  const expired = await inTransaction(app.database, async (trx) => {
    const reports = createReportsRepository({ database: trx });
    const closed = await reports.listClosedBefore(now - reportDays * DAY_MS);
    const erased = (await reports.listOfErasedPeople()).filter((row) => !closed.some((c) => c.id === row.id));
    const rows = [...closed, ...erased];
    await reports.deleteByIds(rows.map((r) => r.id));
    // The photos go with their rows, in the same transaction.
    const photoKeys = rows.flatMap((row) => (row.photoPath && isReportPhotoFileName(row.photoPath) ? [blobKey('reports', row.photoPath)] : []));
    const photos = await createBlobStore({ database: trx }).remove(photoKeys);
    return { rows, ofErased: erased.length, photos };
  });
  const removed = expired.rows.length;
  let photos = expired.photos;
  // Photos whose report went another way (its person removed): once they are an hour old.
  const blobs = createBlobStore({ database: app.database });
  const candidates = (await blobs.list('reports/', { createdBefore: now - ORPHAN_GRACE_MS })).map((key) => key.slice('reports/'.length));
  const known = await createReportsRepository({ database: app.database }).knownPhotoPaths(candidates.filter(isReportPhotoFileName));
  photos += await blobs.remove(candidates.filter((name) => !known.has(name)).map((name) => `reports/${name}`));
  if (removed + photos > 0) {
    await createAuditLog({ audit: createAuditRepository({ database: app.database }), clock: app.clock }).record({ actor: null, label: 'retention job' }, { action: 'reports.retention', details: { reportsRemoved: removed, ofErasedMembers: expired.ofErased, photosRemoved: photos, reportDays } });
  }
  return { reports: removed, photos };
}
