import type { App } from '../../app.ts';
import { localizedParts } from '../geography/addresses.models.ts';
import type { BBox } from '../geography/geometry.models.ts';
import type { NetworkArea } from './network-areas.repository.ts';
import type { Network } from './networks.models.ts';

/**
 * What the map draws besides the areas when there are no tiles: the addresses as dots and the
 * street names, so that people recognise where they are. BeSt-Address is open data; the dots
 * carry no house numbers and nothing about who lives there.
 */

/** The widest box whose addresses are sent (about 5 × 7 km in Belgium): a neighbourhood, not a province. */
export const MAX_MAP_BOX_DEGREES = 0.05;
export const MAX_MAP_POINTS = 4000;

export type MapAddresses = { points: Array<[lat: number, lon: number]>; streets: Array<{ name: string; lat: number; lon: number }>; truncated: boolean; tooLarge: boolean };

function boxOf(areas: readonly Pick<NetworkArea, 'bbox'>[]): BBox | null {
  if (areas.length === 0) return null;
  return {
    minLon: Math.min(...areas.map((a) => a.bbox.minLon)),
    minLat: Math.min(...areas.map((a) => a.bbox.minLat)),
    maxLon: Math.max(...areas.map((a) => a.bbox.maxLon)),
    maxLat: Math.max(...areas.map((a) => a.bbox.maxLat)),
  };
}

function boxOfPoints(points: ReadonlyArray<{ lat: number; lon: number }>): BBox | null {
  if (points.length === 0) return null;
  return {
    minLon: Math.min(...points.map((p) => p.lon)),
    minLat: Math.min(...points.map((p) => p.lat)),
    maxLon: Math.max(...points.map((p) => p.lon)),
    maxLat: Math.max(...points.map((p) => p.lat)),
  };
}

/**
 * Where a map of the given networks starts: around their areas and the addresses their street
 * lists bring in; else around the other networks of the zone; else around the first imported
 * addresses. Null when there is nothing at all to show.
 */
export async function mapBounds(app: Pick<App, 'networks' | 'networkAreas' | 'networkAssignments' | 'addresses'>, networks: readonly Pick<Network, 'id' | 'zoneId'>[]): Promise<BBox | null> {
  const ids = networks.map((n) => n.id);
  const own = union(boxOf(await app.networkAreas.listAreas(ids)), boxOfPoints(await app.networkAssignments.streetListPoints(ids)));
  if (own) return own;
  const zoneIds = [...new Set(networks.map((n) => n.zoneId))];
  const zoneNetworks = (await Promise.all(zoneIds.map((zoneId) => app.networks.listByZone(zoneId)))).flat();
  const zone = boxOf(await app.networkAreas.listAreas(zoneNetworks.map((n) => n.id)));
  if (zone) return zone;
  for await (const batch of app.addresses.batches({ batchSize: 500 })) return boxOfPoints(batch);
  return null;
}

function union(a: BBox | null, b: BBox | null): BBox | null {
  if (!a || !b) return a ?? b;
  return { minLon: Math.min(a.minLon, b.minLon), minLat: Math.min(a.minLat, b.minLat), maxLon: Math.max(a.maxLon, b.maxLon), maxLat: Math.max(a.maxLat, b.maxLat) };
}

/**
 * The addresses inside a box, as dots, and one label per street placed on the address nearest
 * the street's middle. Nothing when the box is wider than a neighbourhood.
 */
export async function addressesForMap(app: Pick<App, 'networkAssignments'>, box: BBox, locale: string): Promise<MapAddresses> {
  if (box.maxLat - box.minLat > MAX_MAP_BOX_DEGREES || box.maxLon - box.minLon > MAX_MAP_BOX_DEGREES) return { points: [], streets: [], truncated: false, tooLarge: true };
  const addresses = await app.networkAssignments.addressesInBox(box, MAX_MAP_POINTS + 1);
  const truncated = addresses.length > MAX_MAP_POINTS;
  const shown = addresses.slice(0, MAX_MAP_POINTS);
  const byStreet = new Map<string, Array<{ lat: number; lon: number }>>();
  for (const address of shown) {
    const name = localizedParts(address, locale).street;
    if (!name) continue;
    const list = byStreet.get(name) ?? [];
    list.push(address);
    byStreet.set(name, list);
  }
  const streets = [...byStreet].map(([name, points]) => {
    const lat = points.reduce((s, p) => s + p.lat, 0) / points.length;
    const lon = points.reduce((s, p) => s + p.lon, 0) / points.length;
    const nearest = points.reduce((best, p) => ((p.lat - lat) ** 2 + (p.lon - lon) ** 2 < (best.lat - lat) ** 2 + (best.lon - lon) ** 2 ? p : best));
    return { name, lat: nearest.lat, lon: nearest.lon };
  });
  return { points: shown.map((a) => [a.lat, a.lon]), streets, truncated, tooLarge: false };
}

/** Reads `minLon,minLat,maxLon,maxLat` (the order of a GeoJSON bbox); null when malformed. */
export function parseBBox(text: unknown): BBox | null {
  if (typeof text !== 'string') return null;
  const parts = text.split(',').map(Number);
  if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n))) return null;
  const [minLon, minLat, maxLon, maxLat] = parts as [number, number, number, number];
  if (minLon > maxLon || minLat > maxLat || minLat < -90 || maxLat > 90 || minLon < -180 || maxLon > 180) return null;
  return { minLon, minLat, maxLon, maxLat };
}

/** The addresses street lists brought in, as [lat, lon, 1 for a buffer street else 0]. */
export function streetPointsJson(points: ReadonlyArray<{ lat: number; lon: number; buffer: boolean }>): { points: Array<[number, number, number]> } {
  return { points: points.map((p) => [p.lat, p.lon, p.buffer ? 1 : 0]) };
}
