import type { Database } from '../../db/database.ts';

/** The start of the fixed window that `now` falls in. */
export function windowStart(now: number, windowMs: number): number {
  return Math.floor(now / windowMs) * windowMs;
}

/**
 * Fixed-window counters in the database, so that a limit holds across every node of a cluster
 * (sign-in attempts per client address, password reset requests).
 */
export function createRateLimitsRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    /**
     * Counts one hit for `key` in the window starting at `start` and returns the count so far,
     * this hit included. One upsert statement: concurrent hits on any node never lose a count
     * (SQLite ≥ 3.35 and PostgreSQL both support `on conflict … do update … returning`).
     */
    async hit(key: string, start: number): Promise<number> {
      const row = await db
        .insertInto('rate_limits')
        .values({ key, window_start: start, count: 1 })
        .onConflict((oc) => oc.columns(['key', 'window_start']).doUpdateSet((eb) => ({ count: eb('rate_limits.count', '+', 1) })))
        .returning('count')
        .executeTakeFirstOrThrow();
      const count = Number(row.count);
      // The first hit of a window clears the key's older windows: the table stays small without a job.
      if (count === 1) await db.deleteFrom('rate_limits').where('key', '=', key).where('window_start', '<', start).execute();
      return count;
    },

    async count(key: string, start: number): Promise<number> {
      const row = await db.selectFrom('rate_limits').select('count').where('key', '=', key).where('window_start', '=', start).executeTakeFirst();
      return Number(row?.count ?? 0);
    },
  };
}

export type RateLimitsRepository = ReturnType<typeof createRateLimitsRepository>;
