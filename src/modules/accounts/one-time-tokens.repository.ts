import type { Database } from '../../db/database.ts';
import { sha256Hex } from '../../shared/crypto.ts';

export const TOKEN_PURPOSES = ['setup', 'password_reset'] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** Single-use, expiring tokens; only their SHA-256 is stored. */
export function createOneTimeTokensRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    async issue({ token, purpose, accountId, now, ttlMs }: { token: string; purpose: TokenPurpose; accountId: string | null; now: number; ttlMs: number }): Promise<void> {
      await db.insertInto('one_time_tokens').values({ id: sha256Hex(token), purpose, account_id: accountId, expires_at: now + ttlMs, used_at: null, created_at: now }).execute();
    },

    /** The token's record when it is still usable (not used, not expired), without using it. */
    async peek(token: string, purpose: TokenPurpose, now: number): Promise<{ accountId: string | null } | undefined> {
      const row = await db
        .selectFrom('one_time_tokens')
        .select('account_id')
        .where('id', '=', sha256Hex(token))
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row && { accountId: row.account_id };
    },

    /** Uses the token: true exactly once, for the first caller, while it has not expired. */
    async consume(token: string, purpose: TokenPurpose, now: number): Promise<boolean> {
      const result = await db
        .updateTable('one_time_tokens')
        .set({ used_at: now })
        .where('id', '=', sha256Hex(token))
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Marks every still-usable token of the account for a purpose as used (older links die). */
    async revokeForAccount(accountId: string, purpose: TokenPurpose, now: number): Promise<number> {
      const result = await db.updateTable('one_time_tokens').set({ used_at: now }).where('account_id', '=', accountId).where('purpose', '=', purpose).where('used_at', 'is', null).executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async hasUsable(purpose: TokenPurpose, now: number): Promise<boolean> {
      const row = await db.selectFrom('one_time_tokens').select('id').where('purpose', '=', purpose).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
      return row !== undefined;
    },
  };
}

export type OneTimeTokensRepository = ReturnType<typeof createOneTimeTokensRepository>;
