import { type Database, inTransaction } from '../../db/database.ts';
import type { Clock } from '../../shared/clock.ts';
import type { IdGenerator } from '../../shared/ids.ts';
import { type Actor, assertCan } from '../accounts/authorization.models.ts';
import { createAddressesRepository } from '../geography/addresses.repository.ts';
import { createAreaIndex, prepareArea } from '../geography/area-index.models.ts';
import { type BBox, containsPoint } from '../geography/geometry.models.ts';
import { matches } from '../geography/street-lists.models.ts';
import type { NetworkStreet } from './network-areas.models.ts';
import { type NetworkArea, createNetworkAreasRepository } from './network-areas.repository.ts';
import { createNetworkAssignmentRepository } from './network-assignment.repository.ts';
import type { NetworkAddressSource } from './networks.models.ts';
import { createNetworksRepository } from './networks.repository.ts';

/**
 * Which addresses belong to which network. An address belongs to every network whose area
 * contains it or whose street list matches it (street, postcode, number range, parity); when both
 * hold, the area wins as its source, then the street list, then a buffer street.
 */

type Deps = { database: Database; clock: Clock; ids: IdGenerator };

export type AreaChangeSummary = { changeId: string; entered: number; left: number };

const SOURCE_RANK: Record<NetworkAddressSource, number> = { area: 0, street: 1, buffer: 2 };

function better(a: NetworkAddressSource | undefined, b: NetworkAddressSource): NetworkAddressSource {
  return a === undefined || SOURCE_RANK[b] < SOURCE_RANK[a] ? b : a;
}

function streetSource(street: NetworkStreet): NetworkAddressSource {
  return street.buffer ? 'buffer' : 'street';
}

function unionBox(areas: readonly NetworkArea[]): BBox {
  return {
    minLon: Math.min(...areas.map((a) => a.bbox.minLon)),
    minLat: Math.min(...areas.map((a) => a.bbox.minLat)),
    maxLon: Math.max(...areas.map((a) => a.bbox.maxLon)),
    maxLat: Math.max(...areas.map((a) => a.bbox.maxLat)),
  };
}

/** The addresses one network covers, read from the database, with their source. */
async function coverageOf(database: Database, networkId: string): Promise<Map<string, NetworkAddressSource>> {
  const areasRepo = createNetworkAreasRepository({ database });
  const assignments = createNetworkAssignmentRepository({ database });
  const covered = new Map<string, NetworkAddressSource>();
  const areas = await areasRepo.listAreas([networkId]);
  if (areas.length > 0) {
    const prepared = areas.map((area) => prepareArea(area.geometry));
    for (const address of await assignments.addressesInBox(unionBox(areas))) {
      if (prepared.some((area) => area.contains(address))) covered.set(address.id, 'area');
    }
  }
  const streets = await areasRepo.listStreets([networkId]);
  if (streets.length > 0) {
    const postcodes = [...new Set(streets.map((s) => s.postcode))];
    for (const address of await assignments.addressesWithPostcodes(postcodes)) {
      for (const street of streets) {
        if (matches(address, street)) covered.set(address.id, better(covered.get(address.id), streetSource(street)));
      }
    }
  }
  return covered;
}

type Diff = { entered: string[]; left: string[]; upserts: Array<{ networkId: string; addressId: string; source: NetworkAddressSource }> };

function diff(networkId: string, before: ReadonlyMap<string, NetworkAddressSource>, after: ReadonlyMap<string, NetworkAddressSource>): Diff {
  const entered: string[] = [];
  const left: string[] = [];
  const upserts: Diff['upserts'] = [];
  for (const [addressId, source] of after) {
    const old = before.get(addressId);
    if (old === undefined) entered.push(addressId);
    if (old !== source) upserts.push({ networkId, addressId, source });
  }
  for (const addressId of before.keys()) if (!after.has(addressId)) left.push(addressId);
  return { entered, left, upserts };
}

/**
 * Recomputes one network's addresses inside the caller's transaction (`trx`), e.g. the one that
 * changed its area, and records which addresses entered and left.
 */
export async function recomputeWithin(trx: Database, { clock, ids, networkId, actorId }: Omit<Deps, 'database'> & { networkId: string; actorId: string | null }): Promise<AreaChangeSummary> {
  const assignments = createNetworkAssignmentRepository({ database: trx });
  await assignments.lockNetwork(networkId);
  const before = await assignments.assignmentsOf(networkId);
  const after = await coverageOf(trx, networkId);
  const { entered, left, upserts } = diff(networkId, before, after);
  const now = clock.now();
  await assignments.insertAssignments(upserts, now);
  await assignments.deleteAssignments(networkId, left);
  const changeId = ids.id();
  await assignments.recordAreaChange({ id: changeId, networkId, entered, left, actorId, now });
  return { changeId, entered: entered.length, left: left.length };
}

/**
 * Recomputes which addresses a network covers after its area or street list changed: the old and
 * new sets are diffed in one transaction, `network_addresses` follows, and a
 * `network_area_changes` row keeps the ids of the addresses that entered and left.
 */
export function recomputeNetworkAddresses({ database, clock, ids, networkId, actorId = null }: Deps & { networkId: string; actorId?: string | null }): Promise<AreaChangeSummary> {
  return inTransaction(database, (trx) => recomputeWithin(trx, { clock, ids, networkId, actorId }));
}

/**
 * Assigns one new address (a member registering, a single import) to every network that covers
 * it; returns those networks' ids. Earlier assignments of the address stay.
 */
export async function assignAddress({ database, clock, addressId }: Omit<Deps, 'ids'> & { addressId: string }): Promise<string[]> {
  const assignments = createNetworkAssignmentRepository({ database });
  const areasRepo = createNetworkAreasRepository({ database });
  const address = await assignments.findPlaced(addressId);
  if (!address) return [];
  const found = new Map<string, NetworkAddressSource>();
  for (const area of await areasRepo.areasAround(address)) {
    if (containsPoint(area.geometry, address)) found.set(area.networkId, 'area');
  }
  for (const street of await areasRepo.streetsWithPostcode(address.postcode)) {
    if (matches(address, street)) found.set(street.networkId, better(found.get(street.networkId), streetSource(street)));
  }
  await assignments.insertAssignments([...found].map(([networkId, source]) => ({ networkId, addressId, source })), clock.now());
  return [...found.keys()].sort();
}

export type AssignAllReport = { addresses: number; networksChanged: number; entered: number; left: number };

/**
 * Assigns every address to the networks that cover it, after an address import. Addresses are
 * streamed in batches through one area index over all networks (a grid of prepared polygons), so
 * memory stays bounded by the assignments, not the address table. Each network whose set changed
 * gets a `network_area_changes` row; everything is written in one transaction.
 */
export async function assignAllAddresses({ database, clock, ids, batchSize = 5000, onProgress }: Deps & { batchSize?: number; onProgress?: (addressesDone: number) => void }): Promise<AssignAllReport> {
  const areasRepo = createNetworkAreasRepository({ database });
  const areas = await areasRepo.listAllAreas();
  const index = createAreaIndex(areas.map((area) => ({ key: area.networkId, geometry: area.geometry })));
  const streetsByPostcode = new Map<string, Array<NetworkStreet & { networkId: string }>>();
  for (const street of await areasRepo.listAllStreets()) {
    const list = streetsByPostcode.get(street.postcode) ?? [];
    list.push(street);
    streetsByPostcode.set(street.postcode, list);
  }

  const coverage = new Map<string, Map<string, NetworkAddressSource>>();
  const cover = (networkId: string, addressId: string, source: NetworkAddressSource) => {
    let network = coverage.get(networkId);
    if (!network) coverage.set(networkId, (network = new Map()));
    network.set(addressId, better(network.get(addressId), source));
  };
  let done = 0;
  if (areas.length > 0 || streetsByPostcode.size > 0) {
    for await (const batch of createAddressesRepository({ database }).batches({ batchSize })) {
      for (const address of batch) {
        for (const networkId of index.keysAt(address)) cover(networkId, address.id, 'area');
        const streets = streetsByPostcode.get(address.postcode);
        if (streets) for (const street of streets) if (matches(address, street)) cover(street.networkId, address.id, streetSource(street));
      }
      done += batch.length;
      onProgress?.(done);
    }
  }

  return inTransaction(database, async (trx) => {
    const assignments = createNetworkAssignmentRepository({ database: trx });
    const before = await assignments.allAssignments();
    const report: AssignAllReport = { addresses: done, networksChanged: 0, entered: 0, left: 0 };
    const now = clock.now();
    for (const networkId of new Set([...before.keys(), ...coverage.keys()])) {
      const { entered, left, upserts } = diff(networkId, before.get(networkId) ?? new Map(), coverage.get(networkId) ?? new Map());
      if (upserts.length === 0 && left.length === 0) continue;
      await assignments.insertAssignments(upserts, now);
      await assignments.deleteAssignments(networkId, left);
      if (entered.length > 0 || left.length > 0) await assignments.recordAreaChange({ id: ids.id(), networkId, entered, left, actorId: null, now });
      report.networksChanged += 1;
      report.entered += entered.length;
      report.left += left.length;
    }
    return report;
  });
}

/**
 * The addresses that entered and left a network in one area change, for those who may read the
 * network (the members' view shows who lives there). Undefined when the change does not exist.
 */
export async function areaChangeAddressIds({ database, actor, changeId }: { database: Database; actor: Actor | null; changeId: string }): Promise<{ networkId: string; entered: string[]; left: string[] } | undefined> {
  const change = await createNetworkAssignmentRepository({ database }).findAreaChange(changeId);
  if (!change) return undefined;
  const network = await createNetworksRepository({ database }).findById(change.networkId);
  assertCan(actor, 'networks.read', { zoneId: network?.zoneId, networkId: change.networkId });
  return { networkId: change.networkId, entered: change.entered, left: change.left };
}
