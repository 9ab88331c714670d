import { z } from 'zod';
import type { LatLon } from './addresses.models.ts';

/**
 * Areas drawn on a map: GeoJSON (RFC 7946) Polygon and MultiPolygon in WGS84, validated once at
 * the edge, then tested against points. Pure: no I/O. Positions are GeoJSON's [lon, lat]; points
 * tested against areas are { lat, lon } like addresses.
 */

export type Position = [lon: number, lat: number];
export type Ring = Position[];
export type PolygonGeometry = { type: 'Polygon'; coordinates: Ring[] };
export type MultiPolygonGeometry = { type: 'MultiPolygon'; coordinates: Ring[][] };
export type AreaGeometry = PolygonGeometry | MultiPolygonGeometry;

/** A bounding box in WGS84 degrees. */
export type BBox = { minLon: number; minLat: number; maxLon: number; maxLat: number };

/** More points than a hand-drawn neighbourhood needs, few enough to test 100,000 addresses fast. */
export const MAX_AREA_POINTS = 10_000;

export const GEOMETRY_ERROR_KEYS = [
  'geography.invalidGeoJson',
  'geography.notPolygon',
  'geography.coordinateOutOfRange',
  'geography.ringNotClosed',
  'geography.ringTooShort',
  'geography.tooManyPoints',
  'geography.selfIntersecting',
] as const;
export type GeometryErrorKey = (typeof GEOMETRY_ERROR_KEYS)[number];

export type GeometryResult = { ok: true; geometry: AreaGeometry } | { ok: false; errorKey: GeometryErrorKey };

// RFC 7946 §3.1.1: a position is [lon, lat] with an optional altitude, dropped here.
const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)], z.number()).transform(([lon, lat]): Position => [lon, lat]);
const polygon = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(position)).min(1) });
const multiPolygon = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(position)).min(1)).min(1) });

/** A drawing tool's export may wrap the geometry in a Feature or a one-feature FeatureCollection. */
function unwrap(input: unknown): unknown {
  if (typeof input !== 'object' || input === null) return input;
  const value = input as { type?: unknown; geometry?: unknown; features?: unknown };
  if (value.type === 'Feature') return value.geometry;
  if (value.type === 'FeatureCollection' && Array.isArray(value.features) && value.features.length === 1) return unwrap(value.features[0]);
  return input;
}

/** Counts positions without trusting the shape, and stops early: a huge input costs nothing. */
function countPositions(coordinates: unknown, depth: number, limit: number): number {
  if (!Array.isArray(coordinates)) return 0;
  if (depth === 0) return coordinates.length;
  let total = 0;
  for (const item of coordinates) {
    total += countPositions(item, depth - 1, limit - total);
    if (total > limit) return total;
  }
  return total;
}

function polygonsOf(geometry: AreaGeometry): Ring[][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

/**
 * Parses and validates an area: a GeoJSON object or its JSON text. Never throws: anything else
 * than a valid, closed, non-self-intersecting (Multi)Polygon of at most MAX_AREA_POINTS positions
 * comes back as the catalogue key of what is wrong. Consecutive duplicate positions are dropped.
 */
export function parseAreaGeometry(input: unknown): GeometryResult {
  let value = input;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return { ok: false, errorKey: 'geography.invalidGeoJson' };
    }
  }
  value = unwrap(value);
  if (typeof value !== 'object' || value === null) return { ok: false, errorKey: 'geography.invalidGeoJson' };
  const type = (value as { type?: unknown }).type;
  if (type !== 'Polygon' && type !== 'MultiPolygon') return { ok: false, errorKey: 'geography.notPolygon' };
  const coordinates = (value as { coordinates?: unknown }).coordinates;
  if (countPositions(coordinates, type === 'Polygon' ? 1 : 2, MAX_AREA_POINTS) > MAX_AREA_POINTS) return { ok: false, errorKey: 'geography.tooManyPoints' };
  const parsed = (type === 'Polygon' ? polygon : multiPolygon).safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const bound = (origin: string) => issues.some((issue) => (issue.code === 'too_big' || issue.code === 'too_small') && issue.origin === origin);
    return { ok: false, errorKey: bound('number') ? 'geography.coordinateOutOfRange' : bound('array') ? 'geography.ringTooShort' : 'geography.invalidGeoJson' };
  }
  const geometry = parsed.data as AreaGeometry;
  for (const rings of polygonsOf(geometry)) {
    for (const ring of rings) {
      if (ring.length < 4) return { ok: false, errorKey: 'geography.ringTooShort' };
      const first = ring[0]!;
      const last = ring[ring.length - 1]!;
      if (first[0] !== last[0] || first[1] !== last[1]) return { ok: false, errorKey: 'geography.ringNotClosed' };
      dropRepeatedPositions(ring);
      // RFC 7946 §3.1.6: a linear ring has at least four positions, i.e. three distinct corners.
      if (ring.length < 4) return { ok: false, errorKey: 'geography.ringTooShort' };
    }
  }
  if (findSelfIntersection(geometry)) return { ok: false, errorKey: 'geography.selfIntersecting' };
  return { ok: true, geometry };
}

function dropRepeatedPositions(ring: Ring): void {
  for (let i = ring.length - 1; i > 0; i--) {
    if (ring[i]![0] === ring[i - 1]![0] && ring[i]![1] === ring[i - 1]![1]) ring.splice(i, 1);
  }
}

/** The same validation as a zod schema, for route schemas: issues carry the catalogue key. */
export const areaGeometrySchema = z.unknown().transform((input, ctx): AreaGeometry => {
  const result = parseAreaGeometry(input);
  if (result.ok) return result.geometry;
  ctx.addIssue({ code: 'custom', message: result.errorKey });
  return z.NEVER;
});

type Segment = { ax: number; ay: number; bx: number; by: number; ring: number; index: number; last: number; minX: number; maxX: number; minY: number; maxY: number };

function orientation(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const value = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
  return value > 0 ? 1 : value < 0 ? -1 : 0;
}

function onSegment(s: Segment, x: number, y: number): boolean {
  return x >= s.minX && x <= s.maxX && y >= s.minY && y <= s.maxY && orientation(s.ax, s.ay, s.bx, s.by, x, y) === 0;
}

/** 'cross' (interiors cross or overlap collinearly), 'touch' (meet at one end point) or 'none'. */
function contact(s: Segment, t: Segment): 'cross' | 'touch' | 'none' {
  const o1 = orientation(s.ax, s.ay, s.bx, s.by, t.ax, t.ay);
  const o2 = orientation(s.ax, s.ay, s.bx, s.by, t.bx, t.by);
  const o3 = orientation(t.ax, t.ay, t.bx, t.by, s.ax, s.ay);
  const o4 = orientation(t.ax, t.ay, t.bx, t.by, s.bx, s.by);
  if (o1 * o2 < 0 && o3 * o4 < 0) return 'cross';
  if (o1 === 0 && o2 === 0) {
    // Collinear: more than one shared point is an overlap.
    const shared = [onSegment(s, t.ax, t.ay), onSegment(s, t.bx, t.by), onSegment(t, s.ax, s.ay), onSegment(t, s.bx, s.by)].filter(Boolean).length;
    const sameEnds = (s.ax === t.ax && s.ay === t.ay) || (s.ax === t.bx && s.ay === t.by) || (s.bx === t.ax && s.by === t.ay) || (s.bx === t.bx && s.by === t.by);
    if (shared === 0) return 'none';
    return shared === 2 && sameEnds ? 'touch' : 'cross';
  }
  if ((o1 === 0 && onSegment(s, t.ax, t.ay)) || (o2 === 0 && onSegment(s, t.bx, t.by)) || (o3 === 0 && onSegment(t, s.ax, s.ay)) || (o4 === 0 && onSegment(t, s.bx, s.by))) return 'touch';
  return 'none';
}

/**
 * The first pair of edges that makes the area invalid, or null. Within a ring no two edges may
 * meet except neighbours at their shared corner (and those may not fold back onto each other);
 * edges of different rings may touch at a point but not cross. Edges are swept in order of their
 * west end, so only edges whose longitude ranges overlap are compared: fast for drawn shapes.
 */
export function findSelfIntersection(geometry: AreaGeometry): [Segment, Segment] | null {
  const segments: Segment[] = [];
  let ringNumber = 0;
  for (const rings of polygonsOf(geometry)) {
    for (const ring of rings) {
      const last = ring.length - 2;
      for (let i = 0; i <= last; i++) {
        const [ax, ay] = ring[i]!;
        const [bx, by] = ring[i + 1]!;
        segments.push({ ax, ay, bx, by, ring: ringNumber, index: i, last, minX: Math.min(ax, bx), maxX: Math.max(ax, bx), minY: Math.min(ay, by), maxY: Math.max(ay, by) });
      }
      ringNumber++;
    }
  }
  segments.sort((a, b) => a.minX - b.minX);
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    for (let j = i + 1; j < segments.length && segments[j]!.minX <= s.maxX; j++) {
      const t = segments[j]!;
      if (t.maxY < s.minY || t.minY > s.maxY) continue;
      const result = contact(s, t);
      if (result === 'none') continue;
      if (s.ring !== t.ring) {
        if (result === 'cross') return [s, t];
        continue;
      }
      const gap = Math.abs(s.index - t.index);
      const neighbours = gap === 1 || gap === s.last;
      if (!neighbours || result === 'cross') return [s, t];
    }
  }
  return null;
}

export function bbox(geometry: AreaGeometry): BBox {
  const box = { minLon: Infinity, minLat: Infinity, maxLon: -Infinity, maxLat: -Infinity };
  for (const rings of polygonsOf(geometry)) {
    for (const [lon, lat] of rings[0] ?? []) {
      box.minLon = Math.min(box.minLon, lon);
      box.maxLon = Math.max(box.maxLon, lon);
      box.minLat = Math.min(box.minLat, lat);
      box.maxLat = Math.max(box.maxLat, lat);
    }
  }
  return box;
}

export function bboxContains(box: BBox, point: LatLon): boolean {
  return point.lon >= box.minLon && point.lon <= box.maxLon && point.lat >= box.minLat && point.lat <= box.maxLat;
}

/**
 * Whether the point lies inside the area (ray casting, even-odd over every ring, so holes are
 * outside). Points exactly on an edge may fall either way. For many points, use prepareArea.
 */
export function containsPoint(geometry: AreaGeometry, point: LatLon): boolean {
  let inside = false;
  for (const rings of polygonsOf(geometry)) {
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const a = ring[i]!;
        const b = ring[j]!;
        if (a[1] > point.lat !== b[1] > point.lat && point.lon < ((b[0] - a[0]) * (point.lat - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
      }
    }
  }
  return inside;
}

export const EARTH_RADIUS_METRES = 6_371_008.8;

function ringAreaSquareMetres(ring: Ring): number {
  // Spherical excess of the ring (Chamberlain & Duquette, "Some algorithms for polygons on a sphere").
  const rad = Math.PI / 180;
  let total = 0;
  for (let i = 0; i < ring.length - 1; i++) {
    const [lon1, lat1] = ring[i]!;
    const [lon2, lat2] = ring[i + 1]!;
    total += (lon2 - lon1) * rad * (2 + Math.sin(lat1 * rad) + Math.sin(lat2 * rad));
  }
  return Math.abs((total * EARTH_RADIUS_METRES * EARTH_RADIUS_METRES) / 2);
}

/** The area's surface in square metres (spherical approximation, for display). */
export function areaSquareMetres(geometry: AreaGeometry): number {
  let total = 0;
  for (const [outer, ...holes] of polygonsOf(geometry)) {
    total += ringAreaSquareMetres(outer ?? []) - holes.reduce((sum, hole) => sum + ringAreaSquareMetres(hole), 0);
  }
  return total;
}

/** Great-circle distance in metres (haversine). */
export function distanceMetres(a: LatLon, b: LatLon): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
  return 2 * EARTH_RADIUS_METRES * Math.asin(Math.min(1, Math.sqrt(h)));
}
