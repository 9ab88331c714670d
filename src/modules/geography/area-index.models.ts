import { z } from 'zod';
import type { LatLon } from './addresses.models.ts';
import { type AreaGeometry, type BBox, EARTH_RADIUS_METRES, bbox, bboxContains, distanceMetres } from './geometry.models.ts';

/**
 * Fast containment for many points against many areas (assigning 100,000 addresses to the areas
 * of 50 networks), and circles drawn around a point. Pure: no I/O.
 */

/** An area ready for many point tests: its edges bucketed in horizontal bands. */
export type PreparedArea = { bbox: BBox; contains: (point: LatLon) => boolean };

type Edge = { x1: number; y1: number; x2: number; y2: number };

/**
 * Prepares an area for repeated tests. Ray casting only needs the edges that span the point's
 * latitude, so edges are bucketed in latitude bands: a test reads one band, not every edge.
 */
export function prepareArea(geometry: AreaGeometry): PreparedArea {
  const box = bbox(geometry);
  const edges: Edge[] = [];
  for (const rings of geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) {
    for (const ring of rings) {
      for (let i = 0; i < ring.length - 1; i++) {
        const [x1, y1] = ring[i]!;
        const [x2, y2] = ring[i + 1]!;
        if (y1 !== y2) edges.push({ x1, y1, x2, y2 });
      }
    }
  }
  const bandCount = Math.max(1, Math.min(1024, Math.ceil(edges.length / 4)));
  const height = (box.maxLat - box.minLat) / bandCount || 1;
  const bandOf = (lat: number) => Math.min(bandCount - 1, Math.max(0, Math.floor((lat - box.minLat) / height)));
  const bands: Edge[][] = Array.from({ length: bandCount }, () => []);
  for (const edge of edges) {
    for (let band = bandOf(Math.min(edge.y1, edge.y2)); band <= bandOf(Math.max(edge.y1, edge.y2)); band++) bands[band]!.push(edge);
  }
  return {
    bbox: box,
    contains(point) {
      if (!bboxContains(box, point)) return false;
      let inside = false;
      for (const { x1, y1, x2, y2 } of bands[bandOf(point.lat)]!) {
        if (y1 > point.lat !== y2 > point.lat && point.lon < ((x2 - x1) * (point.lat - y1)) / (y2 - y1) + x1) inside = !inside;
      }
      return inside;
    },
  };
}

const GRID_SIZE = 64;

/**
 * An index over many areas: a uniform grid over their joint bounding box, each cell listing the
 * areas whose box overlaps it. `keysAt` returns the keys of every area containing the point.
 */
export function createAreaIndex<K>(areas: ReadonlyArray<{ key: K; geometry: AreaGeometry }>) {
  const prepared = areas.map(({ key, geometry }) => ({ key, area: prepareArea(geometry) }));
  const all = prepared.map((p) => p.area.bbox);
  const box: BBox = {
    minLon: Math.min(...all.map((b) => b.minLon)),
    minLat: Math.min(...all.map((b) => b.minLat)),
    maxLon: Math.max(...all.map((b) => b.maxLon)),
    maxLat: Math.max(...all.map((b) => b.maxLat)),
  };
  const cellWidth = (box.maxLon - box.minLon) / GRID_SIZE || 1;
  const cellHeight = (box.maxLat - box.minLat) / GRID_SIZE || 1;
  const column = (lon: number) => Math.min(GRID_SIZE - 1, Math.max(0, Math.floor((lon - box.minLon) / cellWidth)));
  const row = (lat: number) => Math.min(GRID_SIZE - 1, Math.max(0, Math.floor((lat - box.minLat) / cellHeight)));
  const cells: number[][] = Array.from({ length: GRID_SIZE * GRID_SIZE }, () => []);
  prepared.forEach(({ area }, index) => {
    for (let r = row(area.bbox.minLat); r <= row(area.bbox.maxLat); r++) {
      for (let c = column(area.bbox.minLon); c <= column(area.bbox.maxLon); c++) cells[r * GRID_SIZE + c]!.push(index);
    }
  });
  return {
    /** The joint bounding box: points outside it are in no area (a cheap SQL prefilter). */
    bbox: box,
    keysAt(point: LatLon): K[] {
      if (prepared.length === 0 || !bboxContains(box, point)) return [];
      return cells[row(point.lat) * GRID_SIZE + column(point.lon)]!.filter((index) => prepared[index]!.area.contains(point)).map((index) => prepared[index]!.key);
    },
  };
}

export type AreaIndex<K> = ReturnType<typeof createAreaIndex<K>>;

/** A circle drawn around a point, as a dispatcher draws one around an incident. */
export type Circle = { centre: LatLon; radiusMetres: number };

export const MAX_CIRCLE_RADIUS_METRES = 50_000;

export const circleSchema = z.object({
  centre: z.object({ lat: z.coerce.number().min(-90, 'geography.coordinateOutOfRange').max(90, 'geography.coordinateOutOfRange'), lon: z.coerce.number().min(-180, 'geography.coordinateOutOfRange').max(180, 'geography.coordinateOutOfRange') }),
  radiusMetres: z.coerce.number().min(1, 'geography.radiusOutOfRange').max(MAX_CIRCLE_RADIUS_METRES, 'geography.radiusOutOfRange'),
});

export function circleContains(circle: Circle, point: LatLon): boolean {
  return distanceMetres(circle.centre, point) <= circle.radiusMetres;
}

/** The box around a circle, for a prefilter. */
export function circleBBox(circle: Circle): BBox {
  const angle = circle.radiusMetres / EARTH_RADIUS_METRES;
  const dLat = angle * (180 / Math.PI);
  // The widest east-west extent of a spherical cap: asin(sin r / cos latitude).
  const ratio = Math.sin(angle) / Math.cos((circle.centre.lat * Math.PI) / 180);
  const dLon = ratio >= 1 ? 180 : Math.asin(ratio) * (180 / Math.PI);
  return { minLat: circle.centre.lat - dLat, maxLat: circle.centre.lat + dLat, minLon: circle.centre.lon - dLon, maxLon: circle.centre.lon + dLon };
}
