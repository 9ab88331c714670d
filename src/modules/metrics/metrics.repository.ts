import type { Database } from '../../db/database.ts';

export function createMetricsRepository({ database }: { database: Database }) {
  return {
    /** Sessions still open at `now` (neither expired nor idle since `idleSince`), by stage. */
    async countOpenSessions(now: number, idleSince: number): Promise<Array<{ stage: string; count: number }>> {
      const rows = await database.db
        .selectFrom('sessions')
        .select(['stage', (eb) => eb.fn.countAll<number>().as('count')])
        .where('expires_at', '>', now)
        .where('last_seen_at', '>', idleSince)
        .groupBy('stage')
        .execute();
      return rows.map((row) => ({ stage: row.stage, count: Number(row.count) }));
    },
  };
}

export type MetricsRepository = ReturnType<typeof createMetricsRepository>;
