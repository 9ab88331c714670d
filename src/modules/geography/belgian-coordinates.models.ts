import proj4 from 'proj4';
import type { LatLon } from './addresses.models.ts';

/**
 * Belgian projected coordinates to WGS84, for address files that carry only Lambert columns.
 *
 * Definitions as published in the EPSG registry (epsg.io, PROJ strings):
 * - EPSG:31370 "BD72 / Belgian Lambert 72": LCC 2SP on the International 1924 ellipsoid. The datum
 *   shift is the EPSG default BD72 -> WGS 84 (3) transformation (code 15929, from NGI's BD72 ->
 *   ETRS89 (2)), written as position-vector TOWGS84 parameters; about 1 m accuracy, which is what a
 *   house position needs.
 * - EPSG:3812 "ETRS89 / Belgian Lambert 2008": LCC 2SP on GRS80, ETRS89 taken as WGS84 (they differ
 *   by a few decimetres, below the accuracy of an address point).
 */
export const LAMBERT_72 =
  '+proj=lcc +lat_0=90 +lon_0=4.36748666666667 +lat_1=51.1666672333333 +lat_2=49.8333339 +x_0=150000.013 +y_0=5400088.438 +ellps=intl +towgs84=-106.8686,52.2978,-103.7239,0.3366,-0.457,1.8422,-1.2747 +units=m +no_defs';
export const LAMBERT_2008 =
  '+proj=lcc +lat_0=50.797815 +lon_0=4.35921583333333 +lat_1=49.8333333333333 +lat_2=51.1666666666667 +x_0=649328 +y_0=665262 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs';

export type BelgianCrs = 'EPSG:31370' | 'EPSG:3812';

const toWgs84 = {
  'EPSG:31370': proj4(LAMBERT_72, 'WGS84'),
  'EPSG:3812': proj4(LAMBERT_2008, 'WGS84'),
} as const;

/** Belgium with a margin: a converted or given point outside it is a broken coordinate. */
export const BELGIUM_BOUNDS = { minLat: 49.4, maxLat: 51.6, minLon: 2.4, maxLon: 6.5 } as const;

export function isInBelgium(point: LatLon): boolean {
  return point.lat >= BELGIUM_BOUNDS.minLat && point.lat <= BELGIUM_BOUNDS.maxLat && point.lon >= BELGIUM_BOUNDS.minLon && point.lon <= BELGIUM_BOUNDS.maxLon;
}

/** Projected easting/northing (metres) to WGS84 degrees. */
export function lambertToWgs84(crs: BelgianCrs, x: number, y: number): LatLon {
  const [lon, lat] = toWgs84[crs].forward([x, y]) as [number, number];
  return { lat, lon };
}

/** WGS84 degrees to projected easting/northing (metres): the inverse, for samples and tests. */
export function wgs84ToLambert(crs: BelgianCrs, point: LatLon): { x: number; y: number } {
  const [x, y] = toWgs84[crs].inverse([point.lon, point.lat]) as [number, number];
  return { x, y };
}
