import type { Database } from '../../db/database.ts';
import { sha256Hex } from '../../shared/crypto.ts';

/** The `member_tokens` purpose of an invitation link. */
export const INVITE_PURPOSE = 'invite';

/** An imported person who can be invited: not consented yet, not erased, with an e-mail address in use. */
export type Invitee = { personId: string; firstName: string; language: string; contactPointId: string; email: string };

/** The network that invited a person and the coordinator who imported them. */
export type InvitationOrigin = { networkId: string; networkName: string; inviterName: string | null };

/** Invitations of imported people: who to invite, their single-use links (stored hashed), who invited them. */
export function createMemberInvitationsRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    /** Of these people, those who can be invited, with their e-mail contact point. */
    async invitees(personIds: readonly string[]): Promise<Invitee[]> {
      const result: Invitee[] = [];
      for (let i = 0; i < personIds.length; i += 500) {
        const rows = await db
          .selectFrom('people as p')
          .innerJoin('contact_points as c', 'c.person_id', 'p.id')
          .select(['p.id', 'p.first_name', 'p.language', 'c.id as contact_id', 'c.value'])
          .where('p.id', 'in', personIds.slice(i, i + 500))
          .where('p.source', '=', 'import')
          .where('p.consent_at', 'is', null)
          .where('p.erased_at', 'is', null)
          .where('c.kind', '=', 'email')
          .where('c.stopped_at', 'is', null)
          .orderBy('c.created_at')
          .execute();
        const seen = new Set<string>();
        for (const r of rows) {
          if (seen.has(r.id)) continue;
          seen.add(r.id);
          result.push({ personId: r.id, firstName: r.first_name, language: r.language, contactPointId: r.contact_id, email: r.value });
        }
      }
      return result;
    },

    /** Imported members of the network never invited yet (an invitation run that did not finish). */
    async uninvited(networkId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('people as p', 'p.id', 'm.person_id')
        .select('p.id')
        .where('m.network_id', '=', networkId)
        .where('m.status', '=', 'active')
        .where('p.source', '=', 'import')
        .where('p.invited_at', 'is', null)
        .where('p.consent_at', 'is', null)
        .where('p.erased_at', 'is', null)
        .execute();
      return rows.map((r) => r.id);
    },

    /** Stores invitation links (their hashes) and marks the people invited. Call inside a transaction. */
    async issue(links: ReadonlyArray<{ token: string; personId: string; contactPointId: string }>, { now, ttlMs }: { now: number; ttlMs: number }): Promise<void> {
      for (let i = 0; i < links.length; i += 500) {
        const part = links.slice(i, i + 500);
        await db
          .insertInto('member_tokens')
          .values(part.map((l) => ({ id: sha256Hex(l.token), purpose: INVITE_PURPOSE, person_id: l.personId, contact_point_id: l.contactPointId, expires_at: now + ttlMs, used_at: null, created_at: now })))
          .execute();
        await db.updateTable('people').set({ invited_at: now, updated_at: now }).where('id', 'in', part.map((l) => l.personId)).execute();
      }
    },

    /** The invitation behind a link while it is usable (not used, not expired); reading does not use it. */
    async find(token: string, now: number): Promise<{ personId: string; contactPointId: string | null } | undefined> {
      const row = await db
        .selectFrom('member_tokens')
        .select(['person_id', 'contact_point_id'])
        .where('id', '=', sha256Hex(token))
        .where('purpose', '=', INVITE_PURPOSE)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return row && { personId: row.person_id, contactPointId: row.contact_point_id };
    },

    /** Uses the link: true exactly once. */
    async consume(token: string, now: number): Promise<boolean> {
      const result = await db
        .updateTable('member_tokens')
        .set({ used_at: now })
        .where('id', '=', sha256Hex(token))
        .where('purpose', '=', INVITE_PURPOSE)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** The networks a person was imported into, with the name of the coordinator who did it. */
    async origins(personId: string): Promise<InvitationOrigin[]> {
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('networks as n', 'n.id', 'm.network_id')
        .leftJoin('accounts as a', 'a.id', 'm.decided_by')
        .select(['n.id', 'n.name', 'a.name as inviter'])
        .where('m.person_id', '=', personId)
        .where('m.status', '=', 'active')
        .orderBy('m.created_at')
        .execute();
      return rows.map((r) => ({ networkId: r.id, networkName: r.name, inviterName: r.inviter }));
    },
  };
}

export type MemberInvitationsRepository = ReturnType<typeof createMemberInvitationsRepository>;
