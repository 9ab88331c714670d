import { describe, expect, it } from 'vitest';
import { isInBelgium, lambertToWgs84, wgs84ToLambert } from './belgian-coordinates.models.ts';
import { distanceMetres } from './geometry.models.ts';

describe('Belgian Lambert coordinates', () => {
  it('given a published BeSt-Address pair (Bergense Steenweg 475, Anderlecht), Lambert 72 converts within 1 m of its WGS84', () => {
    // openaddress-bebru.csv, address 615867: EPSG:31370 146321.078 169504.609 = EPSG:4326 50.83595 4.31653.
    const point = lambertToWgs84('EPSG:31370', 146321.078, 169504.609);
    expect(distanceMetres(point, { lat: 50.83595, lon: 4.31653 })).toBeLessThan(1);
  });

  it('given the Grand-Place of Brussels, Lambert 72 and Lambert 2008 agree within 1 m and lie in Brussels', () => {
    const grandPlace = { lat: 50.8467, lon: 4.3525 };
    const l72 = wgs84ToLambert('EPSG:31370', grandPlace);
    const l08 = wgs84ToLambert('EPSG:3812', grandPlace);
    // Lambert 2008 was laid out so that its coordinates are about Lambert 72 + 500 km in each direction.
    expect(Math.abs(l08.x - l72.x - 500_000)).toBeLessThan(5);
    expect(Math.abs(l08.y - l72.y - 500_000)).toBeLessThan(5);
    expect(l72.x).toBeGreaterThan(148_000);
    expect(l72.x).toBeLessThan(150_000);
    expect(distanceMetres(lambertToWgs84('EPSG:31370', l72.x, l72.y), lambertToWgs84('EPSG:3812', l08.x, l08.y))).toBeLessThan(1);
  });

  it('given points across Belgium, converting to Lambert and back returns the same point within a centimetre', () => {
    for (const point of [{ lat: 51.2194, lon: 4.4025 }, { lat: 50.4669, lon: 4.8675 }, { lat: 49.6833, lon: 5.8167 }, { lat: 51.0543, lon: 3.7174 }]) {
      for (const crs of ['EPSG:31370', 'EPSG:3812'] as const) {
        const { x, y } = wgs84ToLambert(crs, point);
        expect(distanceMetres(lambertToWgs84(crs, x, y), point)).toBeLessThan(0.01);
      }
    }
  });

  it('given points inside and outside the country, isInBelgium tells them apart', () => {
    expect(isInBelgium({ lat: 50.85, lon: 4.35 })).toBe(true);
    expect(isInBelgium({ lat: 52.37, lon: 4.9 })).toBe(false);
    expect(isInBelgium({ lat: 4.35, lon: 50.85 })).toBe(false);
  });
});
