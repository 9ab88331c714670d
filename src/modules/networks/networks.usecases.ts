import type { App } from '../../app.ts';
import { unlessTaken } from '../../db/constraint-errors.ts';
import { type Database, inTransaction } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import { AppError } from '../../shared/errors.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import { type AccountsRepository, createAccountsRepository } from '../accounts/accounts.repository.ts';
import { type Actor, assertCan, can, zonesFor } from '../accounts/authorization.models.ts';
import { createAuditRepository } from '../audit/audit.repository.ts';
import { type AuditActor, type AuditLog, createAuditLog } from '../audit/audit.usecases.ts';
import { type Zone, createZonesRepository } from '../zones/zones.repository.ts';
import type { NetworkStreet } from './network-areas.models.ts';
import { type NetworkArea, type NetworkAreasRepository, createNetworkAreasRepository } from './network-areas.repository.ts';
import { type AreaChange, type NetworkAssignmentRepository, createNetworkAssignmentRepository } from './network-assignment.repository.ts';
import { type Network, assertNetworkTransition, transitionNeedsReason } from './networks.models.ts';
import { type NetworkPerson, type NetworkStatusChange, type NetworksRepository, type ZonePoliceAccount, createNetworksRepository } from './networks.repository.ts';
import type { NetworkFieldsInput, NetworkInput, StatusChangeInput } from './networks.schemas.ts';

export type NetworkDeps = { database: Database; clock: Clock; ids: IdGenerator; by: AuditActor };

export type NetworkRepos = {
  networks: NetworksRepository;
  areas: NetworkAreasRepository;
  assignments: NetworkAssignmentRepository;
  accounts: AccountsRepository;
  audit: AuditLog;
  /** The transaction itself, for use cases that open their own repositories on it. */
  trx: Database;
};

export const networkNotFound = () => new AppError({ code: 'networks.not_found', kind: 'not_found', messageKey: 'errors.not_found' });
const codeTaken = () => new AppError({ code: 'networks.code_taken', kind: 'conflict', messageKey: 'networks.codeTaken' });

export function networkRepositories(database: Database, clock: Clock): NetworkRepos {
  return {
    networks: createNetworksRepository({ database }),
    areas: createNetworkAreasRepository({ database }),
    assignments: createNetworkAssignmentRepository({ database }),
    accounts: createAccountsRepository({ database }),
    audit: createAuditLog({ audit: createAuditRepository({ database }), clock }),
    trx: database,
  };
}

/** Runs a network change and its audit entry in one transaction. */
export function withNetworkTransaction<T>(database: Database, clock: Clock, work: (repos: NetworkRepos) => Promise<T>): Promise<T> {
  return inTransaction(database, (trx) => work(networkRepositories(trx, clock)));
}

/** Whether the actor may read the network: police of its zone, its coordinators and deputies. */
export function canReadNetwork(actor: Actor | null | undefined, network: Pick<Network, 'id' | 'zoneId'>): boolean {
  return can(actor, 'networks.read', { zoneId: network.zoneId, networkId: network.id });
}

/** Whether the actor may change the network: the zone's administrators. */
export function canManageNetwork(actor: Actor | null | undefined, network: Pick<Network, 'zoneId'>): boolean {
  return can(actor, 'networks.manage', { zoneId: network.zoneId });
}

/** The networks the actor may read: those of their zones, and those they coordinate. */
export async function listNetworks({ actor, networks }: { actor: Actor | null; networks: NetworksRepository }): Promise<Network[]> {
  assertCan(actor, 'networks.read');
  const networkIds = actor.grants.flatMap((grant) => grant.networkIds);
  return networks.list({ zoneIds: zonesFor(actor, 'networks.read'), networkIds });
}

/** One network, for those who may read it (anyone else gets "not found"). */
export async function getNetwork({ actor, networks, networkId }: { actor: Actor | null; networks: NetworksRepository; networkId: string }): Promise<Network> {
  assertCan(actor, 'networks.read');
  const network = await networks.findById(networkId);
  if (!network || !canReadNetwork(actor, network)) throw networkNotFound();
  return network;
}

/** A network the actor may manage, read inside the change's transaction. */
export async function loadManagedNetwork(repos: Pick<NetworkRepos, 'networks'>, actor: Actor | null, networkId: string): Promise<Network> {
  assertCan(actor, 'networks.manage');
  const network = await repos.networks.findById(networkId);
  if (!network || !canReadNetwork(actor, network)) throw networkNotFound();
  assertCan(actor, 'networks.manage', { zoneId: network.zoneId });
  return network;
}

/**
 * A zone administrator founds a network in one of their zones. It starts as `proposed`; its code
 * is unique in the zone (it is typed on the phone keypad later).
 */
export async function createNetwork({ input, database, clock, ids, by }: NetworkDeps & { input: NetworkInput }): Promise<Network> {
  assertCan(by.actor, 'networks.manage', { zoneId: input.zoneId });
  return withNetworkTransaction(database, clock, async ({ networks, audit, trx }) => {
    if (!(await createZonesRepository({ database: trx }).findById(input.zoneId))) {
      throw new AppError({ code: 'networks.zone_unknown', kind: 'invalid', messageKey: 'networks.zoneRequired' });
    }
    if (await networks.findByZoneAndCode(input.zoneId, input.code)) throw codeTaken();
    const id = ids.id();
    const now = clock.now();
    await unlessTaken(() => networks.insert({ id, zoneId: input.zoneId, code: input.code, name: input.name, kind: input.kind, description: input.description, status: 'proposed', now }), codeTaken);
    await networks.changeStatus({ id: ids.id(), networkId: id, from: null, to: 'proposed', reason: '', actorId: by.actor?.accountId ?? null, now });
    await audit.record(by, { action: 'network.created', objectType: 'network', objectId: id, zoneId: input.zoneId, details: { code: input.code, name: input.name, kind: input.kind } });
    return (await networks.findById(id))!;
  });
}

/** A zone administrator edits a network's name, kind, code or description. */
export async function updateNetwork({ networkId, input, database, clock, by }: Omit<NetworkDeps, 'ids'> & { networkId: string; input: NetworkFieldsInput }): Promise<Network> {
  return withNetworkTransaction(database, clock, async ({ networks, audit }) => {
    const network = await loadManagedNetwork({ networks }, by.actor, networkId);
    const other = await networks.findByZoneAndCode(network.zoneId, input.code);
    if (other && other.id !== network.id) throw codeTaken();
    await unlessTaken(() => networks.update(network.id, { ...input, now: clock.now() }), codeTaken);
    await audit.record(by, { action: 'network.updated', objectType: 'network', objectId: network.id, zoneId: network.zoneId, details: { code: input.code, name: input.name, kind: input.kind } });
    return (await networks.findById(network.id))!;
  });
}

/**
 * Moves a network along its life (proposed → active → suspended ⇄ active → dissolved) through
 * the one transition guard; suspending or dissolving needs a reason. The change is kept in the
 * network's status history and the audit log.
 */
export async function changeNetworkStatus({ networkId, input, database, clock, ids, by }: NetworkDeps & { networkId: string; input: StatusChangeInput }): Promise<Network> {
  return withNetworkTransaction(database, clock, async ({ networks, audit }) => {
    const network = await loadManagedNetwork({ networks }, by.actor, networkId);
    assertNetworkTransition(network.status, input.status);
    if (transitionNeedsReason(input.status) && input.reason === '') {
      throw new AppError({ code: 'networks.reason_required', kind: 'invalid', messageKey: 'networks.reasonRequired' });
    }
    await networks.changeStatus({ id: ids.id(), networkId: network.id, from: network.status, to: input.status, reason: input.reason, actorId: by.actor?.accountId ?? null, now: clock.now() });
    await audit.record(by, { action: 'network.status_changed', objectType: 'network', objectId: network.id, zoneId: network.zoneId, details: { from: network.status, to: input.status, reason: input.reason } });
    return (await networks.findById(network.id))!;
  });
}

export type NetworkOverview = {
  network: Network;
  zone: Zone | undefined;
  history: NetworkStatusChange[];
  people: NetworkPerson[];
  /** The zone's police accounts, offered as mandated officer (managers only). */
  police: ZonePoliceAccount[];
  areas: NetworkArea[];
  streets: NetworkStreet[];
  changes: AreaChange[];
  addressCount: number;
  canManage: boolean;
};

/** Everything the network's page shows, for those who may read the network. */
export async function networkOverview({ app, actor, networkId }: { app: Pick<App, 'networks' | 'networkAreas' | 'networkAssignments' | 'zones'>; actor: Actor | null; networkId: string }): Promise<NetworkOverview> {
  const network = await getNetwork({ actor, networks: app.networks, networkId });
  const manage = canManageNetwork(actor, network);
  const [zone, history, people, police, areas, streets, changes, counts] = await Promise.all([
    app.zones.findById(network.zoneId),
    app.networks.listStatusChanges(network.id),
    app.networks.listPeople([network.id]),
    manage ? app.networks.listZonePolice(network.zoneId) : Promise.resolve([]),
    app.networkAreas.listAreas([network.id]),
    app.networkAreas.listStreets([network.id]),
    app.networkAssignments.listAreaChanges(network.id, 5),
    app.networkAssignments.countAddresses([network.id]),
  ]);
  return { network, zone, history, people, police, areas, streets, changes, addressCount: counts.get(network.id) ?? 0, canManage: manage };
}
