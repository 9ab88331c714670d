import type { Database } from '../../db/database.ts';
import type { MembershipsTable } from '../../db/schema.ts';
import type { Membership, MembershipStatus } from './members.models.ts';

/** Who changed a membership, as the member's own history shows it (staff are not named to members). */
export const CHANGE_BY_KINDS = ['member', 'staff', 'system'] as const;
export type ChangeByKind = (typeof CHANGE_BY_KINDS)[number];

export type MembershipChange = { id: string; membershipId: string; fromStatus: MembershipStatus | null; toStatus: MembershipStatus; reason: string | null; byKind: ChangeByKind; at: number };

export type MembershipWithNetwork = Membership & { networkName: string; zoneId: string; notifiedAt: number | null };

/** An application as a coordinator sees it: the membership and who applied. */
export type Application = Membership & { firstName: string; lastName: string; language: string };

function toMembership(row: MembershipsTable): Membership & { notifiedAt: number | null } {
  return {
    id: row.id,
    personId: row.person_id,
    networkId: row.network_id,
    status: row.status as MembershipStatus,
    reason: row.reason,
    decidedBy: row.decided_by,
    notifiedAt: row.notified_at === null ? null : Number(row.notified_at),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Memberships (person × network, unique) and the history of their status. */
export function createMembershipsRepository({ database }: { database: Database }) {
  const { db } = database;

  async function recordChange(change: { id: string; membershipId: string; from: MembershipStatus | null; to: MembershipStatus; reason: string | null; byKind: ChangeByKind; actorId: string | null; now: number }) {
    await db
      .insertInto('membership_changes')
      .values({ id: change.id, membership_id: change.membershipId, from_status: change.from, to_status: change.to, reason: change.reason, by_kind: change.byKind, actor_id: change.actorId, at: change.now })
      .execute();
  }

  return {
    /** A new membership and the first line of its history. */
    async insert(membership: { id: string; changeId: string; personId: string; networkId: string; status: MembershipStatus; byKind: ChangeByKind; actorId: string | null; now: number }): Promise<void> {
      await db
        .insertInto('memberships')
        .values({ id: membership.id, person_id: membership.personId, network_id: membership.networkId, status: membership.status, reason: null, decided_by: null, notified_at: null, created_at: membership.now, updated_at: membership.now })
        .execute();
      await recordChange({ id: membership.changeId, membershipId: membership.id, from: null, to: membership.status, reason: null, byKind: membership.byKind, actorId: membership.actorId, now: membership.now });
    },

    async findById(id: string): Promise<(Membership & { notifiedAt: number | null }) | undefined> {
      const row = await db.selectFrom('memberships').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toMembership(row);
    },

    async findByPersonAndNetwork(personId: string, networkId: string): Promise<Membership | undefined> {
      const row = await db.selectFrom('memberships').selectAll().where('person_id', '=', personId).where('network_id', '=', networkId).executeTakeFirst();
      return row && toMembership(row);
    },

    /** A person's memberships with their network's name, by network name. */
    async listForPerson(personId: string): Promise<MembershipWithNetwork[]> {
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('networks as n', 'n.id', 'm.network_id')
        .selectAll('m')
        .select(['n.name as network_name', 'n.zone_id as network_zone_id'])
        .where('m.person_id', '=', personId)
        .orderBy('n.name')
        .execute();
      return rows.map((r) => ({ ...toMembership(r), networkName: r.network_name, zoneId: r.network_zone_id }));
    },

    /** Moves the status (the caller checked the transition) and records the change. */
    async changeStatus(change: { id: string; changeId: string; from: MembershipStatus; to: MembershipStatus; reason: string | null; byKind: ChangeByKind; actorId: string | null; now: number }): Promise<void> {
      await db
        .updateTable('memberships')
        .set({ status: change.to, reason: change.reason, decided_by: change.byKind === 'staff' ? change.actorId : null, updated_at: change.now })
        .where('id', '=', change.id)
        .execute();
      await recordChange({ id: change.changeId, membershipId: change.id, from: change.from, to: change.to, reason: change.reason, byKind: change.byKind, actorId: change.actorId, now: change.now });
    },

    async listChanges(membershipIds: readonly string[]): Promise<MembershipChange[]> {
      if (membershipIds.length === 0) return [];
      const rows = await db.selectFrom('membership_changes').selectAll().where('membership_id', 'in', [...membershipIds]).orderBy('at').orderBy('id').execute();
      return rows.map((r) => ({ id: r.id, membershipId: r.membership_id, fromStatus: r.from_status as MembershipStatus | null, toStatus: r.to_status as MembershipStatus, reason: r.reason, byKind: r.by_kind as ChangeByKind, at: Number(r.at) }));
    },

    /** Forgets the free-text reasons of a person's memberships (erasure: they may name people). */
    async clearReasons(personId: string): Promise<void> {
      await db.updateTable('memberships').set({ reason: null }).where('person_id', '=', personId).execute();
      await db.updateTable('membership_changes').set({ reason: null }).where('membership_id', 'in', db.selectFrom('memberships').select('id').where('person_id', '=', personId)).execute();
    },

    /** The pending applications of a network with the applicant's name, oldest first. */
    async listApplications(networkId: string): Promise<Application[]> {
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('people as p', 'p.id', 'm.person_id')
        .selectAll('m')
        .select(['p.first_name', 'p.last_name', 'p.language'])
        .where('m.network_id', '=', networkId)
        .where('m.status', '=', 'pending')
        .where('p.erased_at', 'is', null)
        .orderBy('m.created_at')
        .orderBy('m.id')
        .execute();
      return rows.map((r) => ({ ...toMembership(r), firstName: r.first_name, lastName: r.last_name, language: r.language }));
    },

    async moveToPerson(id: string, personId: string): Promise<void> {
      await db.updateTable('memberships').set({ person_id: personId }).where('id', '=', id).execute();
    },

    async delete(id: string): Promise<void> {
      await db.deleteFrom('memberships').where('id', '=', id).execute();
    },

    async markNotified(ids: readonly string[], now: number): Promise<void> {
      if (ids.length === 0) return;
      await db.updateTable('memberships').set({ notified_at: now }).where('id', 'in', [...ids]).execute();
    },

    /**
     * Pending memberships created before `cutoff` whose person is an active member nowhere (those
     * are kept: the person is known and reachable anyway).
     */
    async listStalePending(cutoff: number): Promise<Array<{ id: string; personId: string }>> {
      return (
        await db
          .selectFrom('memberships')
          .select(['id', 'person_id'])
          .where('status', '=', 'pending')
          .where('created_at', '<', cutoff)
          .where('person_id', 'not in', db.selectFrom('memberships').select('person_id').where('status', '=', 'active'))
          .execute()
      ).map((r) => ({ id: r.id, personId: r.person_id }));
    },

    /**
     * Who is told about a new application: the network's coordinators and deputies; when it has
     * none yet, the zone's administrators (they may approve too).
     */
    async listApplicationRecipients(networkId: string, zoneId: string): Promise<Array<{ accountId: string; email: string; name: string; locale: string | null }>> {
      const coordinators = await db
        .selectFrom('network_people as p')
        .innerJoin('accounts as a', 'a.id', 'p.account_id')
        .select(['a.id', 'a.email', 'a.name', 'a.locale'])
        .where('p.network_id', '=', networkId)
        .where('p.role', 'in', ['coordinator', 'deputy_coordinator'])
        .where('a.disabled_at', 'is', null)
        .distinct()
        .execute();
      const rows = coordinators.length > 0
        ? coordinators
        : await db
            .selectFrom('accounts as a')
            .select(['a.id', 'a.email', 'a.name', 'a.locale'])
            .where('a.disabled_at', 'is', null)
            .where('a.id', 'in', db.selectFrom('role_grants').select('account_id').where('role', '=', 'zone_admin').where('zone_id', '=', zoneId))
            .execute();
      return rows.map((r) => ({ accountId: r.id, email: r.email, name: r.name, locale: r.locale }));
    },

    async countForPerson(personId: string): Promise<number> {
      const row = await db.selectFrom('memberships').select((eb) => eb.fn.countAll<number>().as('n')).where('person_id', '=', personId).executeTakeFirstOrThrow();
      return Number(row.n);
    },
  };
}

export type MembershipsRepository = ReturnType<typeof createMembershipsRepository>;
