import { describe, expect, it } from 'vitest';
import { parseAreaCollection, toFeatureCollection } from './network-areas.models.ts';
import type { AreaGeometry, Position } from '../geography/geometry.models.ts';
import { looksLikePdf } from './networks.models.ts';
import { KERKSTRAAT_WEST, featureCollection, pngBytes, smallPdf } from './networks.test-support.ts';

/** A closed ring of `points` corners on a circle: a valid polygon with that many points. */
function circle(points: number) {
  const ring = Array.from({ length: points }, (_, i) => [4.53 + 0.01 * Math.cos((2 * Math.PI * i) / points), 50.88 + 0.01 * Math.sin((2 * Math.PI * i) / points)]);
  return { type: 'Polygon', coordinates: [[...ring, ring[0]]] };
}

describe('network areas as GeoJSON', () => {
  it('given an exported FeatureCollection, importing it gives the same shapes back', () => {
    const ring = (west: number, east: number): Position[] => [[west, 50.87], [east, 50.87], [east, 50.875], [west, 50.875], [west, 50.87]];
    const shapes: AreaGeometry[] = [KERKSTRAAT_WEST, { type: 'MultiPolygon', coordinates: [[ring(4.53, 4.54)], [ring(4.55, 4.56)]] }];
    const exported = toFeatureCollection(shapes.map((geometry, i) => ({ id: `s${i}`, geometry })), { code: '101' });
    const parsed = parseAreaCollection(JSON.stringify(exported));
    expect(parsed).toEqual({ ok: true, geometries: shapes });
    expect(exported.features.map((f) => f.properties)).toEqual([{ code: '101' }, { code: '101' }]);
  });

  it('given a bare Polygon, a Feature or an empty text, they are read as one shape, one shape and no area', () => {
    expect(parseAreaCollection(KERKSTRAAT_WEST)).toMatchObject({ ok: true, geometries: [KERKSTRAAT_WEST] });
    expect(parseAreaCollection({ type: 'Feature', properties: {}, geometry: KERKSTRAAT_WEST })).toMatchObject({ ok: true });
    expect(parseAreaCollection('  ')).toEqual({ ok: true, geometries: [] });
    expect(parseAreaCollection(featureCollection())).toEqual({ ok: true, geometries: [] });
  });

  it('given a bow-tie in the second shape, it is refused as self-intersecting and the shape is named', () => {
    const bowTie = { type: 'Polygon', coordinates: [[[4.52, 50.87], [4.53, 50.88], [4.53, 50.87], [4.52, 50.88], [4.52, 50.87]]] };
    expect(parseAreaCollection({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: KERKSTRAAT_WEST }, { type: 'Feature', properties: {}, geometry: bowTie }] })).toEqual({ ok: false, errorKey: 'geography.selfIntersecting', feature: 2 });
  });

  it('given a polygon of 100,000 points, or many shapes adding up past the limit, it is refused as too many points', () => {
    expect(parseAreaCollection(JSON.stringify(circle(100_000)))).toEqual({ ok: false, errorKey: 'geography.tooManyPoints' });
    expect(parseAreaCollection({ type: 'FeatureCollection', features: Array.from({ length: 3 }, () => ({ type: 'Feature', properties: {}, geometry: circle(4000) })) })).toEqual({ ok: false, errorKey: 'geography.tooManyPoints' });
    expect(parseAreaCollection(circle(9000))).toMatchObject({ ok: true });
  });

  it('given text that is not GeoJSON or a line instead of a polygon, the reason is said', () => {
    expect(parseAreaCollection('{not json')).toEqual({ ok: false, errorKey: 'geography.invalidGeoJson' });
    expect(parseAreaCollection({ type: 'LineString', coordinates: [[4.5, 50.8], [4.6, 50.9]] })).toEqual({ ok: false, errorKey: 'geography.notPolygon' });
    expect(parseAreaCollection({ type: 'FeatureCollection', features: Array.from({ length: 51 }, () => ({ type: 'Feature', properties: {}, geometry: KERKSTRAAT_WEST })) })).toEqual({ ok: false, errorKey: 'networks.areaTooManyFeatures' });
  });
});

describe('charter files', () => {
  it('given a real PDF it is recognised, and a PNG is not whatever its name', () => {
    expect(looksLikePdf(smallPdf())).toBe(true);
    expect(looksLikePdf(pngBytes())).toBe(false);
    expect(looksLikePdf(Buffer.from('%PD'))).toBe(false);
  });
});
