import type { Database } from '../../db/database.ts';
import type { SessionsTable } from '../../db/schema.ts';

/**
 * A session's stage: `password` means the password was right but the second factor is still
 * owed; `enrol` means a police account must first set up TOTP; `complete` is signed in.
 */
export const SESSION_STAGES = ['password', 'enrol', 'complete'] as const;
export type SessionStage = (typeof SESSION_STAGES)[number];

export type Session = {
  id: string;
  accountId: string;
  stage: SessionStage;
  createdAt: number;
  lastSeenAt: number;
  expiresAt: number;
  ip: string | null;
  userAgent: string | null;
};

function toSession(row: SessionsTable): Session {
  return {
    id: row.id,
    accountId: row.account_id,
    stage: row.stage as SessionStage,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    ip: row.ip,
    userAgent: row.user_agent,
  };
}

export function createSessionsRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    async insert(session: Session): Promise<void> {
      await db
        .insertInto('sessions')
        .values({
          id: session.id,
          account_id: session.accountId,
          stage: session.stage,
          created_at: session.createdAt,
          last_seen_at: session.lastSeenAt,
          expires_at: session.expiresAt,
          ip: session.ip,
          user_agent: session.userAgent,
        })
        .execute();
    },

    async findById(id: string): Promise<Session | undefined> {
      const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toSession(row);
    },

    async listForAccount(accountId: string): Promise<Session[]> {
      return (await db.selectFrom('sessions').selectAll().where('account_id', '=', accountId).orderBy('last_seen_at', 'desc').execute()).map(toSession);
    },

    async touch(id: string, now: number): Promise<void> {
      await db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
    },

    async setStage(id: string, stage: SessionStage): Promise<void> {
      await db.updateTable('sessions').set({ stage }).where('id', '=', id).execute();
    },

    /**
     * Gives the session a new id (the hash of a new cookie token) and stage in one statement, so a
     * token seen before a sign-in step opens nothing after it (session fixation).
     */
    async rotate(oldId: string, newId: string, stage: SessionStage, now: number): Promise<boolean> {
      const result = await db.updateTable('sessions').set({ id: newId, stage, last_seen_at: now }).where('id', '=', oldId).executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Ends one session of an account; false when it is not (or no longer) that account's. */
    async deleteOfAccount(accountId: string, id: string): Promise<boolean> {
      const result = await db.deleteFrom('sessions').where('account_id', '=', accountId).where('id', '=', id).executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    async delete(id: string): Promise<void> {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },

    async deleteForAccount(accountId: string, exceptId?: string): Promise<number> {
      let query = db.deleteFrom('sessions').where('account_id', '=', accountId);
      if (exceptId) query = query.where('id', '!=', exceptId);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async deleteExpired(now: number, idleBefore: number): Promise<number> {
      const result = await db
        .deleteFrom('sessions')
        .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleBefore)]))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type SessionsRepository = ReturnType<typeof createSessionsRepository>;
