import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Config } from '../../config/config.ts';
import { type Database, inTransaction } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { createAuditLog } from '../audit/audit.usecases.ts';
import { reportPhotoFolder } from './member-reports.usecases.ts';
import { isReportPhotoFileName } from './reports.models.ts';
import { createReportsRepository } from './reports.repository.ts';

const DAY_MS = 86_400_000;
/** Files younger than this may belong to a report being written right now. */
const ORPHAN_GRACE_MS = 3_600_000;

/**
 * Part of the retention job (docs/privacy.md): reports closed more than
 * `WAAKZAAM_RETENTION_REPORT_DAYS` ago are removed with their answers and photos, so are the reports
 * of members who erased their data (within the hour of the erasure), and photo files no report
 * refers to any more (a person removed, a write abandoned) once they are an hour old.
 * Ratings need nothing here: they go with their alert. One audit entry with the counts when
 * anything was removed. Returns how many reports and files were removed.
 */
export async function removeExpiredReports({ app }: { app: { database: Database; clock: Clock; config: Pick<Config, 'retention' | 'storage'> } }): Promise<{ reports: number; photos: number }> {
  const now = app.clock.now();
  const reportDays = app.config.retention.reportDays;
  const folder = reportPhotoFolder(app.config.storage.dataDir);
  const expired = await inTransaction(app.database, async (trx) => {
    const reports = createReportsRepository({ database: trx });
    const closed = await reports.listClosedBefore(now - reportDays * DAY_MS);
    const erased = (await reports.listOfErasedPeople()).filter((row) => !closed.some((c) => c.id === row.id));
    await reports.deleteByIds([...closed, ...erased].map((r) => r.id));
    return { rows: [...closed, ...erased], ofErased: erased.length };
  });
  const removed = expired.rows.length;
  let photos = 0;
  // Files after the rows: a row never loses its file, a file may outlive its row until the sweep below.
  for (const row of expired.rows) {
    if (row.photoPath && isReportPhotoFileName(row.photoPath)) {
      await unlink(join(folder, row.photoPath)).then(
        () => (photos += 1),
        () => {},
      );
    }
  }

  const names = await readdir(folder).catch(() => [] as string[]);
  const candidates: string[] = [];
  for (const name of names) {
    const info = await stat(join(folder, name)).catch(() => undefined);
    if (info?.isFile() && info.mtimeMs < now - ORPHAN_GRACE_MS) candidates.push(name);
  }
  const known = await createReportsRepository({ database: app.database }).knownPhotoPaths(candidates.filter(isReportPhotoFileName));
  for (const name of candidates) {
    if (known.has(name) || !(isReportPhotoFileName(name) || name.endsWith('.part'))) continue;
    await unlink(join(folder, name)).catch(() => {});
    photos += 1;
  }
  if (removed + photos > 0) {
    await createAuditLog({ audit: createAuditRepository({ database: app.database }), clock: app.clock }).record({ actor: null, label: 'retention job' }, { action: 'reports.retention', details: { reportsRemoved: removed, ofErasedMembers: expired.ofErased, photosRemoved: photos, reportDays } });
  }
  return { reports: removed, photos };
}
