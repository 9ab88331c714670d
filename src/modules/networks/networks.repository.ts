import type { Database } from '../../db/database.ts';
import type { NetworksTable } from '../../db/schema.ts';
import type { Network, NetworkKind, NetworkRole, NetworkStatus } from './networks.models.ts';

export type NetworkStatusChange = { id: string; networkId: string; fromStatus: NetworkStatus | null; toStatus: NetworkStatus; reason: string; actorId: string | null; actorName: string | null; at: number };

/** Someone who runs a network, with what the network pages need of their account. */
export type NetworkPerson = { networkId: string; accountId: string; role: NetworkRole; name: string; email: string; createdAt: number };

/** A police account of a zone, as offered for the mandated officer. */
export type ZonePoliceAccount = { id: string; name: string; email: string };

/** Zone-scoped roles whose holders can be named mandated officer (see authorization.models.ts). */
const ZONE_POLICE_ROLES = ['zone_admin', 'police_dispatcher'];

function toNetwork(row: NetworksTable): Network {
  return {
    id: row.id,
    zoneId: row.zone_id,
    code: row.code,
    name: row.name,
    kind: row.kind as NetworkKind,
    status: row.status as NetworkStatus,
    statusChangedAt: Number(row.status_changed_at),
    description: row.description,
    charterSignedOn: row.charter_signed_on,
    charterFile: row.charter_file,
    charterSize: row.charter_size === null ? null : Number(row.charter_size),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

export type NetworkFields = Pick<Network, 'code' | 'name' | 'kind' | 'description'>;

export function createNetworksRepository({ database }: { database: Database }) {
  const { db } = database;
  return {
    /** Networks of the given zones plus the given networks (a coordinator's), by zone then code. */
    async list(scope: { zoneIds: 'all' | readonly string[]; networkIds?: readonly string[] }): Promise<Network[]> {
      const networkIds = scope.networkIds ?? [];
      if (scope.zoneIds !== 'all' && scope.zoneIds.length === 0 && networkIds.length === 0) return [];
      let query = db.selectFrom('networks').selectAll();
      if (scope.zoneIds !== 'all') {
        const zoneIds = [...scope.zoneIds];
        query = query.where((eb) => eb.or([...(zoneIds.length ? [eb('zone_id', 'in', zoneIds)] : []), ...(networkIds.length ? [eb('id', 'in', [...networkIds])] : [])]));
      }
      const rows = await query.orderBy('zone_id').orderBy('code').execute();
      return rows.map(toNetwork).sort((a, b) => a.zoneId.localeCompare(b.zoneId) || Number(a.code) - Number(b.code) || a.code.localeCompare(b.code));
    },

    async listByZone(zoneId: string, options: { status?: NetworkStatus } = {}): Promise<Network[]> {
      let query = db.selectFrom('networks').selectAll().where('zone_id', '=', zoneId);
      if (options.status) query = query.where('status', '=', options.status);
      return (await query.orderBy('name').execute()).map(toNetwork);
    },

    async findById(id: string): Promise<Network | undefined> {
      const row = await db.selectFrom('networks').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toNetwork(row);
    },

    async findByZoneAndCode(zoneId: string, code: string): Promise<Network | undefined> {
      const row = await db.selectFrom('networks').selectAll().where('zone_id', '=', zoneId).where('code', '=', code).executeTakeFirst();
      return row && toNetwork(row);
    },

    async insert(network: NetworkFields & { id: string; zoneId: string; status: NetworkStatus; now: number }): Promise<void> {
      await db
        .insertInto('networks')
        .values({
          id: network.id,
          zone_id: network.zoneId,
          code: network.code,
          name: network.name,
          kind: network.kind,
          status: network.status,
          status_changed_at: network.now,
          description: network.description,
          charter_signed_on: null,
          charter_file: null,
          charter_size: null,
          created_at: network.now,
          updated_at: network.now,
        })
        .execute();
    },

    async update(id: string, fields: NetworkFields & { now: number }): Promise<void> {
      await db.updateTable('networks').set({ code: fields.code, name: fields.name, kind: fields.kind, description: fields.description, updated_at: fields.now }).where('id', '=', id).execute();
    },

    /** Moves the status and records the change; the caller checked the transition. */
    async changeStatus(change: { id: string; networkId: string; from: NetworkStatus | null; to: NetworkStatus; reason: string; actorId: string | null; now: number }): Promise<void> {
      await db.updateTable('networks').set({ status: change.to, status_changed_at: change.now, updated_at: change.now }).where('id', '=', change.networkId).execute();
      await db
        .insertInto('network_status_changes')
        .values({ id: change.id, network_id: change.networkId, from_status: change.from, to_status: change.to, reason: change.reason, actor_id: change.actorId, at: change.now })
        .execute();
    },

    /** The status history, newest first, with the name of who made each change. */
    async listStatusChanges(networkId: string): Promise<NetworkStatusChange[]> {
      const rows = await db
        .selectFrom('network_status_changes as c')
        .leftJoin('accounts as a', 'a.id', 'c.actor_id')
        .select(['c.id', 'c.network_id', 'c.from_status', 'c.to_status', 'c.reason', 'c.actor_id', 'c.at', 'a.name'])
        .where('c.network_id', '=', networkId)
        .orderBy('c.at', 'desc')
        .orderBy('c.id', 'desc')
        .execute();
      return rows.map((r) => ({ id: r.id, networkId: r.network_id, fromStatus: r.from_status as NetworkStatus | null, toStatus: r.to_status as NetworkStatus, reason: r.reason, actorId: r.actor_id, actorName: r.name, at: Number(r.at) }));
    },

    async setCharter(id: string, charter: { signedOn: string | null; file: string | null; size: number | null; now: number }): Promise<void> {
      await db.updateTable('networks').set({ charter_signed_on: charter.signedOn, charter_file: charter.file, charter_size: charter.size, updated_at: charter.now }).where('id', '=', id).execute();
    },

    /** The people of one or more networks, coordinators first, then by name. */
    async listPeople(networkIds: readonly string[]): Promise<NetworkPerson[]> {
      if (networkIds.length === 0) return [];
      const rows = await db
        .selectFrom('network_people as p')
        .innerJoin('accounts as a', 'a.id', 'p.account_id')
        .select(['p.network_id', 'p.account_id', 'p.role', 'p.created_at', 'a.name', 'a.email'])
        .where('p.network_id', 'in', [...networkIds])
        .orderBy('a.name')
        .execute();
      const order = (role: string) => ['coordinator', 'deputy_coordinator', 'officer', 'deputy_officer'].indexOf(role);
      return rows
        .map((r) => ({ networkId: r.network_id, accountId: r.account_id, role: r.role as NetworkRole, name: r.name, email: r.email, createdAt: Number(r.created_at) }))
        .sort((a, b) => order(a.role) - order(b.role));
    },

    async addPerson(person: { networkId: string; accountId: string; role: NetworkRole; now: number }): Promise<void> {
      await db.insertInto('network_people').values({ network_id: person.networkId, account_id: person.accountId, role: person.role, created_at: person.now }).execute();
    },

    async removePerson(person: { networkId: string; accountId: string; role: NetworkRole }): Promise<boolean> {
      const result = await db.deleteFrom('network_people').where('network_id', '=', person.networkId).where('account_id', '=', person.accountId).where('role', '=', person.role).executeTakeFirst();
      return Number(result.numDeletedRows) > 0;
    },

    /** Accounts holding a zone-scoped police role in the zone (candidates for mandated officer). */
    async listZonePolice(zoneId: string): Promise<ZonePoliceAccount[]> {
      return db
        .selectFrom('accounts')
        .select(['id', 'name', 'email'])
        .where('disabled_at', 'is', null)
        .where('id', 'in', db.selectFrom('role_grants').select('account_id').where('zone_id', '=', zoneId).where('role', 'in', ZONE_POLICE_ROLES))
        .orderBy('name')
        .execute();
    },

    /** The `coordinator` grant that gives an account access to a network, if any. */
    async findCoordinatorGrant(accountId: string, networkId: string): Promise<{ id: string } | undefined> {
      return db.selectFrom('role_grants').select('id').where('account_id', '=', accountId).where('role', '=', 'coordinator').where('network_id', '=', networkId).executeTakeFirst();
    },
  };
}

export type NetworksRepository = ReturnType<typeof createNetworksRepository>;
