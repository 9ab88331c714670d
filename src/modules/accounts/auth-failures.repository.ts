import type { Database } from '../../db/database.ts';

/**
 * Failed sign-ins, one row per failure and key (`source:<ip>`, `identifier:<hash of the e-mail
 * typed>`), so that limits are sliding windows over failures only: a successful sign-in is never
 * written here, and officers behind one NAT address do not lock each other out.
 */
export function createAuthFailuresRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    async record(keys: readonly string[], at: number, ids: () => string): Promise<void> {
      await db.insertInto('auth_failures').values(keys.map((key) => ({ id: ids(), key, at }))).execute();
    },

    /** The failures of `key` since `since`: how many, and the oldest (when the window frees a place). */
    async since(key: string, since: number): Promise<{ count: number; oldest: number | null }> {
      const row = await db
        .selectFrom('auth_failures')
        .select((eb) => [eb.fn.countAll().as('n'), eb.fn.min('at').as('oldest')])
        .where('key', '=', key)
        .where('at', '>', since)
        .executeTakeFirstOrThrow();
      return { count: Number(row.n), oldest: row.oldest === null ? null : Number(row.oldest) };
    },

    /** Drops failures older than every window (the retention job's and sign-in's housekeeping). */
    async pruneBefore(before: number): Promise<void> {
      await db.deleteFrom('auth_failures').where('at', '<=', before).execute();
    },
  };
}

export type AuthFailuresRepository = ReturnType<typeof createAuthFailuresRepository>;
