import { type AreaGeometry, type GeometryErrorKey, MAX_AREA_POINTS, parseAreaGeometry } from '../geography/geometry.models.ts';
import type { Parity, StreetRule } from '../geography/street-lists.models.ts';

/**
 * A network's area as it is imported and exported: a GeoJSON FeatureCollection (RFC 7946) of
 * Polygon and MultiPolygon features. Pure: no I/O.
 */

/**
 * Bytes an area upload or form may have: far more than MAX_AREA_POINTS points need, so that an
 * area that is too detailed gets a clear "too many points" rather than a bare "too large".
 */
export const AREA_BODY_LIMIT = 8 * 1024 * 1024;

/** More separate shapes than any neighbourhood needs. */
export const MAX_AREA_FEATURES = 50;

export type AreaCollectionErrorKey = GeometryErrorKey | 'networks.areaTooManyFeatures';

export type AreaCollectionResult =
  | { ok: true; geometries: AreaGeometry[] }
  /** `feature` is the 1-based number of the shape at fault, when one is. */
  | { ok: false; errorKey: AreaCollectionErrorKey; feature?: number };

function countPoints(geometry: AreaGeometry): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return polygons.reduce((sum, rings) => sum + rings.reduce((n, ring) => n + ring.length, 0), 0);
}

/**
 * Reads an area: a FeatureCollection (empty = no area), a Feature, or a bare Polygon or
 * MultiPolygon, as an object or JSON text. Every shape is validated by the geography module
 * (closed rings, no self-intersection, at most MAX_AREA_POINTS points), and so is the total.
 */
export function parseAreaCollection(input: unknown): AreaCollectionResult {
  let value = input;
  if (typeof value === 'string') {
    if (value.trim() === '') return { ok: true, geometries: [] };
    try {
      value = JSON.parse(value);
    } catch {
      return { ok: false, errorKey: 'geography.invalidGeoJson' };
    }
  }
  if (typeof value !== 'object' || value === null) return { ok: false, errorKey: 'geography.invalidGeoJson' };
  const collection = value as { type?: unknown; features?: unknown };
  const items: unknown[] = collection.type === 'FeatureCollection' ? (Array.isArray(collection.features) ? collection.features : [null]) : [value];
  if (items.length > MAX_AREA_FEATURES) return { ok: false, errorKey: 'networks.areaTooManyFeatures' };
  const geometries: AreaGeometry[] = [];
  let points = 0;
  for (const [index, item] of items.entries()) {
    const result = parseAreaGeometry(item);
    if (!result.ok) return { ok: false, errorKey: result.errorKey, ...(items.length > 1 ? { feature: index + 1 } : {}) };
    points += countPoints(result.geometry);
    if (points > MAX_AREA_POINTS) return { ok: false, errorKey: 'geography.tooManyPoints' };
    geometries.push(result.geometry);
  }
  return { ok: true, geometries };
}

export type AreaFeatureCollection = {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; id?: string; properties: Record<string, string | number | null>; geometry: AreaGeometry }>;
};

/** The export: one Feature per stored shape, with the network's name and code as properties. */
export function toFeatureCollection(areas: ReadonlyArray<{ id: string; geometry: AreaGeometry }>, properties: Record<string, string | number | null> = {}): AreaFeatureCollection {
  return { type: 'FeatureCollection', features: areas.map((area) => ({ type: 'Feature', id: area.id, properties: { ...properties }, geometry: area.geometry })) };
}

/** A street of a network's list: a geography street rule, and whether it is a buffer street. */
export type NetworkStreet = StreetRule & { id: string; buffer: boolean };

export type { Parity };
