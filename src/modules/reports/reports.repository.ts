import type { Database } from '../../db/database.ts';
import type { ReportsTable } from '../../db/schema.ts';
import type { ReportCategory, ReportStatus } from './reports.models.ts';

export type Report = {
  id: string;
  zoneId: string;
  networkId: string | null;
  personId: string;
  category: ReportCategory;
  what: string;
  whereText: string;
  lat: number | null;
  lon: number | null;
  whenText: string;
  photoPath: string | null;
  photoType: string | null;
  photoSize: number | null;
  sharedWithCoordinator: boolean;
  status: ReportStatus;
  createdAt: number;
  updatedAt: number;
  inProgressAt: number | null;
  closedAt: number | null;
};

/** A report in a list: the report, its network's name and the reporter's name (staff lists only). */
export type ReportListItem = Report & { networkName: string | null; reporterName: string };

export type ReportAnswer = { id: string; reportId: string; text: string; authorId: string | null; authorName: string; locale: string; emailedTo: number; createdAt: number };

export type ReportFilters = { status?: ReportStatus | undefined; category?: ReportCategory | undefined };

const num = (value: number | string | null) => (value === null ? null : Number(value));

function toReport(row: ReportsTable): Report {
  return {
    id: row.id,
    zoneId: row.zone_id,
    networkId: row.network_id,
    personId: row.person_id,
    category: row.category as ReportCategory,
    what: row.what,
    whereText: row.where_text,
    lat: num(row.lat),
    lon: num(row.lon),
    whenText: row.when_text,
    photoPath: row.photo_path,
    photoType: row.photo_type,
    photoSize: num(row.photo_size),
    sharedWithCoordinator: Number(row.shared_with_coordinator) === 1,
    status: row.status as ReportStatus,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    inProgressAt: num(row.in_progress_at),
    closedAt: num(row.closed_at),
  };
}

/** How many reports a list page shows at most (newest first). */
export const REPORT_LIST_LIMIT = 200;

/** Members' reports and the answers of the police: all SQL of the reports module. */
export function createReportsRepository({ database }: { database: Database }) {
  const { db } = database;

  const listed = () =>
    db
      .selectFrom('reports as r')
      .innerJoin('people as p', 'p.id', 'r.person_id')
      .leftJoin('networks as n', 'n.id', 'r.network_id')
      .selectAll('r')
      .select(['n.name as network_name', 'p.first_name', 'p.last_name']);

  type ListedRow = ReportsTable & { network_name: string | null; first_name: string; last_name: string };
  const toItem = (row: ListedRow): ReportListItem => ({ ...toReport(row), networkName: row.network_name, reporterName: `${row.first_name} ${row.last_name}` });

  return {
    async insert(report: Report): Promise<void> {
      await db
        .insertInto('reports')
        .values({
          id: report.id,
          zone_id: report.zoneId,
          network_id: report.networkId,
          person_id: report.personId,
          category: report.category,
          what: report.what,
          where_text: report.whereText,
          lat: report.lat,
          lon: report.lon,
          when_text: report.whenText,
          photo_path: report.photoPath,
          photo_type: report.photoType,
          photo_size: report.photoSize,
          shared_with_coordinator: report.sharedWithCoordinator ? 1 : 0,
          status: report.status,
          created_at: report.createdAt,
          updated_at: report.updatedAt,
          in_progress_at: report.inProgressAt,
          closed_at: report.closedAt,
        })
        .execute();
    },

    async findById(id: string): Promise<ReportListItem | undefined> {
      const row = await listed().where('r.id', '=', id).executeTakeFirst();
      return row && toItem(row);
    },

    /** A member's own reports, newest first. */
    async listForPerson(personId: string): Promise<Report[]> {
      const rows = await db.selectFrom('reports').selectAll().where('person_id', '=', personId).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(REPORT_LIST_LIMIT).execute();
      return rows.map(toReport);
    },

    /** Every report of a member, oldest first, without the list limit: for their data download. */
    async listAllForPerson(personId: string): Promise<Report[]> {
      const rows = await db.selectFrom('reports').selectAll().where('person_id', '=', personId).orderBy('created_at').orderBy('id').execute();
      return rows.map(toReport);
    },

    /** Removes every report of a member (answers go with them); returns how many and their photos' names. */
    async deleteForPerson(personId: string): Promise<{ removed: number; photoPaths: string[] }> {
      const rows = await db.selectFrom('reports').select('photo_path').where('person_id', '=', personId).execute();
      const result = await db.deleteFrom('reports').where('person_id', '=', personId).executeTakeFirst();
      return { removed: Number(result.numDeletedRows), photoPaths: rows.flatMap((row) => (row.photo_path === null ? [] : [row.photo_path])) };
    },

    /** The triage queue of some zones ('all' for the platform), newest first. */
    async listForZones(zoneIds: 'all' | readonly string[], filters: ReportFilters): Promise<ReportListItem[]> {
      if (zoneIds !== 'all' && zoneIds.length === 0) return [];
      let query = listed();
      if (zoneIds !== 'all') query = query.where('r.zone_id', 'in', zoneIds);
      if (filters.status) query = query.where('r.status', '=', filters.status);
      if (filters.category) query = query.where('r.category', '=', filters.category);
      const rows = await query.orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(REPORT_LIST_LIMIT).execute();
      return rows.map(toItem);
    },

    /** The reports of a network's members who agreed that its coordinators see them, newest first. */
    async listSharedForNetwork(networkId: string): Promise<ReportListItem[]> {
      const rows = await listed().where('r.network_id', '=', networkId).where('r.shared_with_coordinator', '=', 1).orderBy('r.created_at', 'desc').orderBy('r.id', 'desc').limit(REPORT_LIST_LIMIT).execute();
      return rows.map(toItem);
    },

    /**
     * Moves a report from `from` to `to` (the guard was checked by the caller). False when it was no
     * longer in `from`: of two officers clicking at once, one changes it.
     */
    async setStatus(id: string, from: ReportStatus, to: ReportStatus, now: number): Promise<boolean> {
      let update = db.updateTable('reports').set({ status: to, updated_at: now }).where('id', '=', id).where('status', '=', from);
      if (to === 'closed') update = update.set({ closed_at: now });
      if (to === 'in_progress') update = update.set({ closed_at: null, in_progress_at: (eb) => eb.fn.coalesce('in_progress_at', eb.val(now)) });
      const result = await update.executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async insertAnswer(answer: ReportAnswer): Promise<void> {
      await db
        .insertInto('report_answers')
        .values({ id: answer.id, report_id: answer.reportId, text: answer.text, author_id: answer.authorId, author_name: answer.authorName, locale: answer.locale, emailed_to: answer.emailedTo, created_at: answer.createdAt })
        .execute();
    },

    /** The answers of some reports, oldest first. */
    async listAnswers(reportIds: readonly string[]): Promise<ReportAnswer[]> {
      if (reportIds.length === 0) return [];
      const rows = await db.selectFrom('report_answers').selectAll().where('report_id', 'in', reportIds).orderBy('created_at').orderBy('id').execute();
      return rows.map((row) => ({ id: row.id, reportId: row.report_id, text: row.text, authorId: row.author_id, authorName: row.author_name, locale: row.locale, emailedTo: Number(row.emailed_to), createdAt: Number(row.created_at) }));
    },

    /** Reports closed before `cutoff` (the retention job removes them), with their photo's name. */
    async listClosedBefore(cutoff: number): Promise<Array<{ id: string; zoneId: string; photoPath: string | null }>> {
      const rows = await db.selectFrom('reports').select(['id', 'zone_id', 'photo_path']).where('status', '=', 'closed').where('closed_at', '<', cutoff).execute();
      return rows.map((row) => ({ id: row.id, zoneId: row.zone_id, photoPath: row.photo_path }));
    },

    /** Reports of people who erased their data (the retention job removes them too). */
    async listOfErasedPeople(): Promise<Array<{ id: string; zoneId: string; photoPath: string | null }>> {
      const rows = await db.selectFrom('reports as r').innerJoin('people as p', 'p.id', 'r.person_id').select(['r.id', 'r.zone_id', 'r.photo_path']).where('p.erased_at', 'is not', null).execute();
      return rows.map((row) => ({ id: row.id, zoneId: row.zone_id, photoPath: row.photo_path }));
    },

    /** Removes reports (their answers go with them). */
    async deleteByIds(ids: readonly string[]): Promise<number> {
      let removed = 0;
      for (let start = 0; start < ids.length; start += 500) {
        const result = await db.deleteFrom('reports').where('id', 'in', ids.slice(start, start + 500)).executeTakeFirst();
        removed += Number(result.numDeletedRows);
      }
      return removed;
    },

    /** Which of these photo file names a report still refers to. */
    async knownPhotoPaths(names: readonly string[]): Promise<Set<string>> {
      const known = new Set<string>();
      for (let start = 0; start < names.length; start += 500) {
        const rows = await db.selectFrom('reports').select('photo_path').where('photo_path', 'in', names.slice(start, start + 500)).execute();
        for (const row of rows) if (row.photo_path !== null) known.add(row.photo_path);
      }
      return known;
    },
  };
}

export type ReportsRepository = ReturnType<typeof createReportsRepository>;
