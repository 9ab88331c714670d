import type { Database } from '../../db/database.ts';
import { sha256Hex } from '../../shared/crypto.ts';
import type { MemberTokenPurpose } from './member-codes.models.ts';

export type MemberToken = { purpose: MemberTokenPurpose; personId: string; contactPointId: string | null; expiresAt: number; createdAt: number };

export type MemberSession = { id: string; personId: string; createdAt: number; lastSeenAt: number; expiresAt: number };

/**
 * How members get in without a password: single-use links (only their SHA-256 is stored) and
 * sessions (the id is the SHA-256 of the cookie's token).
 */
export function createMemberAccessRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    async issueToken({ token, purpose, personId, contactPointId, now, ttlMs }: { token: string; purpose: MemberTokenPurpose; personId: string; contactPointId: string | null; now: number; ttlMs: number }): Promise<void> {
      await db.insertInto('member_tokens').values({ id: sha256Hex(token), purpose, person_id: personId, contact_point_id: contactPointId, expires_at: now + ttlMs, used_at: null, created_at: now }).execute();
    },

    /** The token's record while it is usable (not used, not expired), without using it. */
    async peekToken(token: string, purpose: MemberTokenPurpose, now: number): Promise<MemberToken | undefined> {
      const row = await db
        .selectFrom('member_tokens')
        .selectAll()
        .where('id', '=', sha256Hex(token))
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row && { purpose: row.purpose as MemberTokenPurpose, personId: row.person_id, contactPointId: row.contact_point_id, expiresAt: Number(row.expires_at), createdAt: Number(row.created_at) };
    },

    /** Uses the token: true exactly once, for the first caller, while it has not expired. */
    async consumeToken(token: string, purpose: MemberTokenPurpose, now: number): Promise<boolean> {
      const result = await db
        .updateTable('member_tokens')
        .set({ used_at: now })
        .where('id', '=', sha256Hex(token))
        .where('purpose', '=', purpose)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Kills the still-usable links of a contact point for a purpose (a new one replaces them). */
    async revokeTokens(contactPointId: string, purpose: MemberTokenPurpose, now: number): Promise<void> {
      await db.updateTable('member_tokens').set({ used_at: now }).where('contact_point_id', '=', contactPointId).where('purpose', '=', purpose).where('used_at', 'is', null).execute();
    },

    /** When the latest link for the contact point was sent (for the resend cooldown). */
    async lastTokenSentAt(contactPointId: string, purpose: MemberTokenPurpose): Promise<number | null> {
      const row = await db.selectFrom('member_tokens').select((eb) => eb.fn.max('created_at').as('at')).where('contact_point_id', '=', contactPointId).where('purpose', '=', purpose).executeTakeFirst();
      return row?.at === null || row?.at === undefined ? null : Number(row.at);
    },

    async movePerson(fromPersonId: string, toPersonId: string): Promise<void> {
      await db.updateTable('member_tokens').set({ person_id: toPersonId }).where('person_id', '=', fromPersonId).execute();
      await db.updateTable('member_sessions').set({ person_id: toPersonId }).where('person_id', '=', fromPersonId).execute();
    },

    /** Removes used and expired links; returns how many. */
    async deleteSpentTokens(now: number): Promise<number> {
      const result = await db
        .deleteFrom('member_tokens')
        .where((eb) => eb.or([eb('used_at', 'is not', null), eb('expires_at', '<=', now)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async insertSession(session: MemberSession): Promise<void> {
      await db.insertInto('member_sessions').values({ id: session.id, person_id: session.personId, created_at: session.createdAt, last_seen_at: session.lastSeenAt, expires_at: session.expiresAt }).execute();
    },

    async findSession(id: string): Promise<MemberSession | undefined> {
      const row = await db.selectFrom('member_sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return row && { id: row.id, personId: row.person_id, createdAt: Number(row.created_at), lastSeenAt: Number(row.last_seen_at), expiresAt: Number(row.expires_at) };
    },

    async touchSession(id: string, now: number): Promise<void> {
      await db.updateTable('member_sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
    },

    async deleteSession(id: string): Promise<void> {
      await db.deleteFrom('member_sessions').where('id', '=', id).execute();
    },

    async deleteSessionsOf(personId: string): Promise<number> {
      const result = await db.deleteFrom('member_sessions').where('person_id', '=', personId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /** Removes sessions past their absolute end or idle since `idleBefore`; returns how many. */
    async deleteExpiredSessions(now: number, idleBefore: number): Promise<number> {
      const result = await db
        .deleteFrom('member_sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleBefore)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type MemberAccessRepository = ReturnType<typeof createMemberAccessRepository>;
