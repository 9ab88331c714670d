import type { Database } from '../../db/database.ts';

export type DialInPin = { accountId: string; loginNumber: string; pinHash: string; failedAttempts: number; lockedUntil: number | null };

/** An alert a calling member was in the audience of, newest first. */
export type CallbackAlert = { alertId: string; personId: string; language: string; audioFile: string | null; createdAt: number };

/** The SQL of the dial-in line: PINs and their locks, caller allow-lists, and what a member calling back hears. */
export function createDialInRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    async findPinByAccount(accountId: string): Promise<DialInPin | undefined> {
      const row = await db.selectFrom('dial_in_pins').selectAll().where('account_id', '=', accountId).executeTakeFirst();
      return row && { accountId: row.account_id, loginNumber: row.login_number, pinHash: row.pin_hash, failedAttempts: Number(row.failed_attempts), lockedUntil: row.locked_until === null ? null : Number(row.locked_until) };
    },

    async findPinByLoginNumber(loginNumber: string): Promise<DialInPin | undefined> {
      const row = await db.selectFrom('dial_in_pins').selectAll().where('login_number', '=', loginNumber).executeTakeFirst();
      return row && { accountId: row.account_id, loginNumber: row.login_number, pinHash: row.pin_hash, failedAttempts: Number(row.failed_attempts), lockedUntil: row.locked_until === null ? null : Number(row.locked_until) };
    },

    async loginNumberTaken(loginNumber: string): Promise<boolean> {
      return (await db.selectFrom('dial_in_pins').select('account_id').where('login_number', '=', loginNumber).executeTakeFirst()) !== undefined;
    },

    /** Sets (or replaces) the PIN; a new PIN clears failed attempts and the lock. */
    async savePin({ accountId, loginNumber, pinHash, now }: { accountId: string; loginNumber: string; pinHash: string; now: number }): Promise<void> {
      await db
        .insertInto('dial_in_pins')
        .values({ account_id: accountId, login_number: loginNumber, pin_hash: pinHash, failed_attempts: 0, locked_until: null, created_at: now, updated_at: now })
        .onConflict((oc) => oc.column('account_id').doUpdateSet({ pin_hash: pinHash, failed_attempts: 0, locked_until: null, updated_at: now }))
        .execute();
    },

    async deletePin(accountId: string): Promise<void> {
      await db.deleteFrom('dial_in_pins').where('account_id', '=', accountId).execute();
    },

    /**
     * Counts a wrong PIN in one statement (no lost count between nodes); at `maxFailures` in a row
     * the account's phone access is locked until `lockUntil` and the count starts again.
     */
    async recordWrongPin(accountId: string, { maxFailures, lockUntil, now }: { maxFailures: number; lockUntil: number; now: number }): Promise<{ locked: boolean }> {
      const row = await db
        .updateTable('dial_in_pins')
        .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1), updated_at: now }))
        .where('account_id', '=', accountId)
        .returning('failed_attempts')
        .executeTakeFirst();
      if (!row || Number(row.failed_attempts) < maxFailures) return { locked: false };
      await db.updateTable('dial_in_pins').set({ failed_attempts: 0, locked_until: lockUntil, updated_at: now }).where('account_id', '=', accountId).execute();
      return { locked: true };
    },

    async recordRightPin(accountId: string, now: number): Promise<void> {
      await db.updateTable('dial_in_pins').set({ failed_attempts: 0, locked_until: null, updated_at: now }).where('account_id', '=', accountId).execute();
    },

    async allowedCallers(zoneId: string): Promise<string[]> {
      const rows = await db.selectFrom('dial_in_allowed_callers').select('number').where('zone_id', '=', zoneId).orderBy('number').execute();
      return rows.map((row) => row.number);
    },

    async replaceAllowedCallers(zoneId: string, numbers: readonly string[], now: number): Promise<void> {
      await db.deleteFrom('dial_in_allowed_callers').where('zone_id', '=', zoneId).execute();
      if (numbers.length > 0) await db.insertInto('dial_in_allowed_callers').values(numbers.map((number) => ({ zone_id: zoneId, number, created_at: now }))).execute();
    },

    /** Active networks of a zone by their numeric code (codes are unique per zone). */
    async networkIdsByCode(zoneId: string, code: string): Promise<string[]> {
      const rows = await db.selectFrom('networks').select('id').where('zone_id', '=', zoneId).where('code', '=', code).where('status', '=', 'active').execute();
      return rows.map((row) => row.id);
    },

    async activeNetworkIds(zoneId: string): Promise<string[]> {
      const rows = await db.selectFrom('networks').select('id').where('zone_id', '=', zoneId).where('status', '=', 'active').orderBy('id').execute();
      return rows.map((row) => row.id);
    },

    /**
     * The alerts since `since` whose audience holds a person (not erased) with this verified phone
     * number, not cancelled, newest first: what a member calling back hears.
     */
    async alertsForCaller(number: string, since: number): Promise<CallbackAlert[]> {
      const rows = await db
        .selectFrom('contact_points as c')
        .innerJoin('people as p', 'p.id', 'c.person_id')
        .innerJoin('alert_audience as a', 'a.person_id', 'p.id')
        .innerJoin('alerts as al', 'al.id', 'a.alert_id')
        .select(['al.id', 'a.person_id', 'a.language', 'al.audio_file', 'al.created_at'])
        .where('c.kind', 'in', ['mobile', 'landline'])
        .where('c.value', '=', number)
        .where('c.verified_at', 'is not', null)
        .where('p.erased_at', 'is', null)
        .where('al.created_at', '>=', since)
        .where('al.cancelled_at', 'is', null)
        .orderBy('al.created_at', 'desc')
        .orderBy('al.id', 'desc')
        .execute();
      return rows.map((row) => ({ alertId: row.id, personId: row.person_id, language: row.language, audioFile: row.audio_file, createdAt: Number(row.created_at) }));
    },

    /** Whether the number is a verified phone number of a member (not erased). */
    async isMemberNumber(number: string): Promise<{ language: string } | undefined> {
      const row = await db
        .selectFrom('contact_points as c')
        .innerJoin('people as p', 'p.id', 'c.person_id')
        .select('p.language')
        .where('c.kind', 'in', ['mobile', 'landline'])
        .where('c.value', '=', number)
        .where('c.verified_at', 'is not', null)
        .where('p.erased_at', 'is', null)
        .executeTakeFirst();
      return row && { language: row.language };
    },
  };
}

export type DialInRepository = ReturnType<typeof createDialInRepository>;
