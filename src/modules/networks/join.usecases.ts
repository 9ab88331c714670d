import type { App } from '../../app.ts';
import { AppError } from '../../shared/errors.ts';
import { type Address, formatAddress, normalizeHouseNumber, parseAddressQuery } from '../geography/addresses.models.ts';
import type { BBox } from '../geography/geometry.models.ts';
import type { Zone } from '../zones/zones.repository.ts';
import { type AreaFeatureCollection, toFeatureCollection } from './network-areas.models.ts';
import { mapBounds } from './network-map.usecases.ts';
import { type Network, firstNameOf } from './networks.models.ts';

/**
 * The public join page of a zone: its active networks and which of them cover an address. It is
 * public, so it shows of the people only the coordinators' first names: never a full name, an
 * e-mail address or a phone number.
 */

export type JoinNetwork = Pick<Network, 'id' | 'code' | 'name' | 'kind' | 'description'> & { coordinatorFirstNames: string[] };

export type AddressLookup =
  | { state: 'none' }
  /** The query was too short or matched nothing. */
  | { state: 'not_found'; query: string }
  /** Several addresses match: the person picks one. */
  | { state: 'choose'; query: string; candidates: Address[] }
  /** One address: the zone's active networks that cover it (possibly none). */
  | { state: 'found'; query: string; address: Address; networkIds: string[] };

export type JoinPageData = { zone: Zone; networks: JoinNetwork[]; lookup: AddressLookup; bounds: BBox | null };

export const JOIN_SEARCH_LIMIT = 10;

type JoinDeps = Pick<App, 'zones' | 'networks' | 'networkAreas' | 'networkAssignments' | 'addresses'>;

/** A zone by the code in the join page's URL (codes are matched case-insensitively). */
export async function findJoinZone(app: Pick<App, 'zones'>, zoneCode: string): Promise<Zone> {
  const zone = (await app.zones.findByCode(zoneCode)) ?? (await app.zones.findByCode(zoneCode.toUpperCase()));
  if (!zone) throw new AppError({ code: 'zones.not_found', kind: 'not_found', messageKey: 'errors.not_found' });
  return zone;
}

async function activeNetworks(app: JoinDeps, zone: Zone): Promise<JoinNetwork[]> {
  const networks = await app.networks.listByZone(zone.id, { status: 'active' });
  const people = await app.networks.listPeople(networks.map((n) => n.id));
  return networks.map((network) => ({
    id: network.id,
    code: network.code,
    name: network.name,
    kind: network.kind,
    description: network.description,
    coordinatorFirstNames: people.filter((p) => p.networkId === network.id && p.role === 'coordinator').map((p) => firstNameOf(p.name)),
  }));
}

/** A box as formatAddress writes it, in any language: " bus 3", " boîte 3", " Bfk. 3". */
const BOX_WORDS = /\s(bus|boîte|bfk\.)\s+\S+(?=,|$)/i;

/** "Molenveldlaan 3" also finds 30 and 3079: the one address with exactly number 3 is meant. */
function onlyWithNumber(candidates: readonly Address[], query: string): Address | undefined {
  const number = parseAddressQuery(query)?.houseNumber;
  if (!number) return undefined;
  const withNumber = candidates.filter((candidate) => normalizeHouseNumber(candidate.houseNumber) === number);
  return withNumber.length === 1 ? withNumber[0] : undefined;
}

function sameLabel(a: string, b: string): boolean {
  return a.trim().toLocaleLowerCase() === b.trim().toLocaleLowerCase();
}

async function lookUp(app: JoinDeps, networks: readonly JoinNetwork[], query: string, addressId: string | undefined, locale: string): Promise<AddressLookup> {
  let address: Address | undefined;
  if (addressId) address = await app.addresses.findById(addressId);
  if (!address) {
    if (query.trim().length < 3) return query.trim() === '' ? { state: 'none' } : { state: 'not_found', query };
    // A label picked from the suggestions names a box ("12 bus 3") that the search keys do not hold.
    let candidates = await app.addresses.search(query, { limit: JOIN_SEARCH_LIMIT });
    if (candidates.length === 0 && BOX_WORDS.test(query)) candidates = await app.addresses.search(query.replace(BOX_WORDS, ''), { limit: JOIN_SEARCH_LIMIT });
    if (candidates.length === 0) return { state: 'not_found', query };
    const exact = candidates.find((candidate) => sameLabel(formatAddress(candidate, locale), query)) ?? onlyWithNumber(candidates, query);
    if (!exact && candidates.length > 1) return { state: 'choose', query, candidates };
    address = exact ?? candidates[0]!;
  }
  const covering = new Set(await app.networkAssignments.networksOfAddress(address.id));
  return { state: 'found', query, address, networkIds: networks.filter((n) => covering.has(n.id)).map((n) => n.id) };
}

/** Everything the join page of a zone shows, and the answer to an address search. */
export async function joinPage({ app, zoneCode, query = '', addressId, locale }: { app: JoinDeps; zoneCode: string; query?: string; addressId?: string | undefined; locale: string }): Promise<JoinPageData> {
  const zone = await findJoinZone(app, zoneCode);
  const networks = await activeNetworks(app, zone);
  const lookup = await lookUp(app, networks, query, addressId, locale);
  const bounds = networks.length > 0 ? await mapBounds(app, networks.map((n) => ({ id: n.id, zoneId: zone.id }))) : null;
  return { zone, networks, lookup, bounds };
}

/** The areas of a zone's active networks, with each network's name and join link as properties. */
export async function joinAreas({ app, zoneCode }: { app: JoinDeps; zoneCode: string }): Promise<AreaFeatureCollection> {
  const zone = await findJoinZone(app, zoneCode);
  const networks = await app.networks.listByZone(zone.id, { status: 'active' });
  const areas = await app.networkAreas.listAreas(networks.map((n) => n.id));
  const features = networks.flatMap((network) =>
    toFeatureCollection(
      areas.filter((a) => a.networkId === network.id),
      { name: network.name, code: network.code, joinUrl: joinUrl(zone.code, network.id) },
    ).features,
  );
  return { type: 'FeatureCollection', features };
}

/** The registration page of the members module, for one network. */
export function joinUrl(zoneCode: string, networkId: string): string {
  return `/join/${encodeURIComponent(zoneCode)}/register?network=${encodeURIComponent(networkId)}`;
}
