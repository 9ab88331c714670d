import { type FieldError, AppError, ValidationError } from '../../shared/errors.ts';
import type { Actor } from '../accounts/authorization.models.ts';
import { type AreaFeatureCollection, type NetworkStreet, parseAreaCollection, toFeatureCollection } from './network-areas.models.ts';
import type { NetworkAreasRepository } from './network-areas.repository.ts';
import { type AreaChangeSummary, recomputeWithin } from './network-assignment.usecases.ts';
import type { NetworksRepository } from './networks.repository.ts';
import type { NetworkStreetInput } from './networks.schemas.ts';
import { type NetworkDeps, type NetworkRepos, getNetwork, loadManagedNetwork, withNetworkTransaction } from './networks.usecases.ts';

/**
 * Reads an area from GeoJSON (text or object) or throws a ValidationError on `field` whose
 * message says what is wrong, in the reader's language (and which shape, when there are several).
 */
export function parseAreaInput(input: unknown, field = 'geojson') {
  const result = parseAreaCollection(input);
  if (result.ok) return result.geometries;
  const errors: FieldError[] = [{ field, messageKey: result.errorKey }];
  if (result.feature !== undefined) errors.push({ field, messageKey: 'networks.areaFeatureAt', values: { feature: result.feature } });
  throw new ValidationError(errors);
}

async function afterAreaChange(deps: NetworkDeps, repos: NetworkRepos, networkId: string): Promise<AreaChangeSummary> {
  return recomputeWithin(repos.trx, { clock: deps.clock, ids: deps.ids, networkId, actorId: deps.by.actor?.accountId ?? null });
}

/**
 * Replaces a network's area with the shapes of a GeoJSON FeatureCollection (drawn on the map,
 * pasted or imported from a file; an empty collection removes the area), then recomputes which
 * addresses the network covers, all in one transaction.
 */
export async function setNetworkArea(deps: NetworkDeps & { networkId: string; geojson: unknown; field?: string }): Promise<AreaChangeSummary> {
  const geometries = parseAreaInput(deps.geojson, deps.field);
  return withNetworkTransaction(deps.database, deps.clock, async (repos) => {
    const network = await loadManagedNetwork(repos, deps.by.actor, deps.networkId);
    await repos.areas.replaceAreas(network.id, geometries.map((geometry) => ({ id: deps.ids.id(), geometry })), deps.clock.now());
    const summary = await afterAreaChange(deps, repos, network.id);
    await repos.audit.record(deps.by, { action: 'network.area_changed', objectType: 'network', objectId: network.id, zoneId: network.zoneId, details: { shapes: geometries.length, entered: summary.entered, left: summary.left } });
    return summary;
  });
}

async function changeStreets(deps: NetworkDeps & { networkId: string }, change: (streets: NetworkStreet[]) => NetworkStreet[], details: Record<string, unknown>): Promise<AreaChangeSummary> {
  return withNetworkTransaction(deps.database, deps.clock, async (repos) => {
    const network = await loadManagedNetwork(repos, deps.by.actor, deps.networkId);
    const streets = change(await repos.areas.listStreets([network.id]));
    await repos.areas.replaceStreets(network.id, streets, deps.clock.now());
    const summary = await afterAreaChange(deps, repos, network.id);
    await repos.audit.record(deps.by, { action: 'network.streets_changed', objectType: 'network', objectId: network.id, zoneId: network.zoneId, details: { ...details, streets: streets.length, entered: summary.entered, left: summary.left } });
    return summary;
  });
}

function toStreet(id: string, input: NetworkStreetInput): NetworkStreet {
  return { id, street: input.street, postcode: input.postcode, from: input.from, to: input.to, parity: input.parity, buffer: input.buffer };
}

/** Adds a street (or a buffer street) to a network's list and recomputes its addresses. */
export function addNetworkStreet(deps: NetworkDeps & { networkId: string; input: NetworkStreetInput }): Promise<AreaChangeSummary> {
  const street = toStreet(deps.ids.id(), deps.input);
  return changeStreets(deps, (streets) => [...streets, street], { added: { street: street.street, postcode: street.postcode, from: street.from, to: street.to, parity: street.parity, buffer: street.buffer } });
}

/** Removes one street from a network's list and recomputes its addresses. */
export function removeNetworkStreet(deps: NetworkDeps & { networkId: string; streetId: string }): Promise<AreaChangeSummary> {
  return changeStreets(
    deps,
    (streets) => {
      if (!streets.some((s) => s.id === deps.streetId)) throw new AppError({ code: 'networks.street_not_found', kind: 'not_found', messageKey: 'errors.not_found' });
      return streets.filter((s) => s.id !== deps.streetId);
    },
    { removed: deps.streetId },
  );
}

/** Replaces the whole street list (API), then recomputes the network's addresses. */
export function replaceNetworkStreets(deps: NetworkDeps & { networkId: string; input: readonly NetworkStreetInput[] }): Promise<AreaChangeSummary> {
  return changeStreets(deps, () => deps.input.map((s) => toStreet(deps.ids.id(), s)), { replaced: true });
}

/** The network's area as a GeoJSON FeatureCollection (one Feature per shape), for export and the map. */
export async function exportNetworkArea({ actor, networks, areas, networkId }: { actor: Actor | null; networks: NetworksRepository; areas: NetworkAreasRepository; networkId: string }): Promise<AreaFeatureCollection> {
  const network = await getNetwork({ actor, networks, networkId });
  return toFeatureCollection(await areas.listAreas([network.id]), { network: network.name, code: network.code });
}
