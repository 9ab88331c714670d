import type { Selectable } from 'kysely';
import type { Database } from '../../db/database.ts';
import type { ContactPointsTable } from '../../db/schema.ts';
import type { ContactKind, ContactPoint } from './members.models.ts';

/** A contact point with the state of its current code (a verification or sign-in code). */
export type ContactPointWithCode = ContactPoint & { codeHash: string | null; codeExpiresAt: number | null; codeAttempts: number };

function toContactPoint(row: Selectable<ContactPointsTable>): ContactPointWithCode {
  return {
    id: row.id,
    personId: row.person_id,
    kind: row.kind as ContactKind,
    value: row.value,
    verifiedAt: row.verified_at === null ? null : Number(row.verified_at),
    stoppedAt: row.stopped_at === null ? null : Number(row.stopped_at),
    createdAt: Number(row.created_at),
    codeHash: row.code_hash,
    codeExpiresAt: row.code_expires_at === null ? null : Number(row.code_expires_at),
    codeAttempts: Number(row.code_attempts),
  };
}

/** Phone numbers (E.164) and e-mail addresses of people, with their verification state. */
export function createContactPointsRepository({ database }: { database: Database }) {
  const { db } = database;
  /** Every verified contact point with this value of a person not erased, earliest first: the people behind a shared number. */
  async function listVerifiedHolders(kind: ContactKind, value: string, options: { exceptPersonId?: string } = {}): Promise<ContactPointWithCode[]> {
    let query = db
      .selectFrom('contact_points as c')
      .innerJoin('people as p', 'p.id', 'c.person_id')
      .selectAll('c')
      .where('c.kind', '=', kind)
      .where('c.value', '=', value)
      .where('c.verified_at', 'is not', null)
      .where('p.erased_at', 'is', null);
    if (options.exceptPersonId) query = query.where('c.person_id', '!=', options.exceptPersonId);
    const rows = await query.orderBy('c.verified_at').orderBy('c.id').execute();
    return rows.map(toContactPoint);
  }

  return {
    async insert(contact: Pick<ContactPoint, 'id' | 'personId' | 'kind' | 'value' | 'verifiedAt'> & { now: number }): Promise<void> {
      await db
        .insertInto('contact_points')
        .values({ id: contact.id, person_id: contact.personId, kind: contact.kind, value: contact.value, verified_at: contact.verifiedAt, code_hash: null, code_expires_at: null, code_attempts: 0, stopped_at: null, created_at: contact.now })
        .execute();
    },

    async findById(id: string): Promise<ContactPointWithCode | undefined> {
      const row = await db.selectFrom('contact_points').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toContactPoint(row);
    },

    /** A person's contact points: mobile, landline, e-mail, each in the order they were added. */
    async listForPerson(personId: string): Promise<ContactPointWithCode[]> {
      const rows = await db.selectFrom('contact_points').selectAll().where('person_id', '=', personId).orderBy('created_at').orderBy('id').execute();
      const order = (kind: string) => ['mobile', 'landline', 'email'].indexOf(kind);
      return rows.map(toContactPoint).sort((a, b) => order(a.kind) - order(b.kind));
    },

    /**
     * The earliest verified contact point with this value, of a person who was not erased. An
     * e-mail address is one person's; a phone number may be several people's (a household).
     */
    async findVerified(kind: ContactKind, value: string, options: { exceptPersonId?: string } = {}): Promise<ContactPointWithCode | undefined> {
      return (await listVerifiedHolders(kind, value, options))[0];
    },

    listVerifiedHolders,

    /** Stores a new code (its hash) and resets the tries. */
    async setCode(id: string, code: { hash: string; expiresAt: number }): Promise<void> {
      await db.updateTable('contact_points').set({ code_hash: code.hash, code_expires_at: code.expiresAt, code_attempts: 0 }).where('id', '=', id).execute();
    },

    /** Counts one wrong try; returns the tries so far. */
    async recordWrongCode(id: string): Promise<number> {
      await db.updateTable('contact_points').set((eb) => ({ code_attempts: eb('code_attempts', '+', 1) })).where('id', '=', id).execute();
      const row = await db.selectFrom('contact_points').select('code_attempts').where('id', '=', id).executeTakeFirst();
      return Number(row?.code_attempts ?? 0);
    },

    /** Uses up the current code (after a sign-in). */
    async clearCode(id: string): Promise<void> {
      await db.updateTable('contact_points').set({ code_hash: null, code_expires_at: null, code_attempts: 0 }).where('id', '=', id).execute();
    },

    async markVerified(id: string, now: number): Promise<void> {
      await db.updateTable('contact_points').set({ verified_at: now, code_hash: null, code_expires_at: null, code_attempts: 0 }).where('id', '=', id).execute();
    },

    async moveToPerson(id: string, personId: string): Promise<void> {
      await db.updateTable('contact_points').set({ person_id: personId }).where('id', '=', id).execute();
    },

    async delete(id: string): Promise<void> {
      await db.deleteFrom('contact_points').where('id', '=', id).execute();
    },

    async deleteForPerson(personId: string): Promise<number> {
      const result = await db.deleteFrom('contact_points').where('person_id', '=', personId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    /**
     * Removes contact points still unverified after the retention time, counted from when they
     * were added or, for invited people, from the latest invitation.
     */
    async deleteUnverifiedBefore(cutoff: number): Promise<number> {
      const result = await db
        .deleteFrom('contact_points')
        .where('verified_at', 'is', null)
        .where('created_at', '<', cutoff)
        .where('person_id', 'not in', db.selectFrom('people').select('id').where('invited_at', '>=', cutoff))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type ContactPointsRepository = ReturnType<typeof createContactPointsRepository>;
