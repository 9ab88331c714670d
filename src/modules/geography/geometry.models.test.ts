import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors.ts';
import { parseInput } from '../../web/validation.ts';
import {
  type AreaGeometry,
  GEOMETRY_ERROR_KEYS,
  type PolygonGeometry,
  MAX_AREA_POINTS,
  type Position,
  areaGeometrySchema,
  areaSquareMetres,
  bbox,
  containsPoint,
  parseAreaGeometry,
} from './geometry.models.ts';

/** A closed ring through the given corners. */
const ring = (...corners: Position[]): Position[] => [...corners, corners[0]!];
const square = (lon: number, lat: number, size: number): Position[] => ring([lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size]);
const polygon = (...rings: Position[][]): PolygonGeometry => ({ type: 'Polygon', coordinates: rings });

/** A regular polygon (convex) with `n` corners around a centre. */
function regular(centre: Position, radius: number, n: number): Position[] {
  return ring(...Array.from({ length: n }, (_, i): Position => [centre[0] + radius * Math.cos((2 * Math.PI * i) / n), centre[1] + radius * Math.sin((2 * Math.PI * i) / n)]));
}

/** A star (concave, simple) with `n` points alternating between two radii. */
function star(centre: Position, outer: number, inner: number, n: number): Position[] {
  return ring(...Array.from({ length: n }, (_, i): Position => {
    const r = i % 2 === 0 ? outer : inner;
    return [centre[0] + r * Math.cos((2 * Math.PI * i) / n), centre[1] + r * Math.sin((2 * Math.PI * i) / n)];
  }));
}

const errorOf = (input: unknown) => {
  const result = parseAreaGeometry(input);
  return result.ok ? 'ok' : result.errorKey;
};

describe('area geometry parsing', () => {
  it('given a polygon as an object, as JSON text, in a Feature or in a one-feature FeatureCollection, it is accepted', () => {
    const geometry = polygon(square(4.52, 50.87, 0.01));
    expect(parseAreaGeometry(geometry)).toEqual({ ok: true, geometry });
    expect(parseAreaGeometry(JSON.stringify(geometry))).toEqual({ ok: true, geometry });
    expect(parseAreaGeometry({ type: 'Feature', properties: {}, geometry })).toEqual({ ok: true, geometry });
    expect(parseAreaGeometry({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry }] })).toEqual({ ok: true, geometry });
    const multi = { type: 'MultiPolygon', coordinates: [[square(4.52, 50.87, 0.01)], [square(4.6, 50.87, 0.01)]] };
    expect(parseAreaGeometry(multi).ok).toBe(true);
  });

  it('given altitudes and repeated corners, they are dropped', () => {
    const result = parseAreaGeometry({ type: 'Polygon', coordinates: [[[0, 0, 12], [1, 0, 12], [1, 0], [1, 1], [0, 1], [0, 0, 3]]] });
    expect(result).toEqual({ ok: true, geometry: polygon(ring([0, 0], [1, 0], [1, 1], [0, 1])) });
  });

  it.each([
    ['text that is not JSON', '{"type": "Polygon"', 'geography.invalidGeoJson'],
    ['a number', 42, 'geography.invalidGeoJson'],
    ['a point', { type: 'Point', coordinates: [4.5, 50.8] }, 'geography.notPolygon'],
    ['a polygon without coordinates', { type: 'Polygon' }, 'geography.invalidGeoJson'],
    ['a position with text', { type: 'Polygon', coordinates: [[[0, 0], ['1', 0], [1, 1], [0, 0]]] }, 'geography.invalidGeoJson'],
    ['a longitude of 200', polygon(ring([0, 0], [200, 0], [1, 1])), 'geography.coordinateOutOfRange'],
    ['a latitude of -91', polygon(ring([0, 0], [1, -91], [1, 1])), 'geography.coordinateOutOfRange'],
    ['an open ring', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }, 'geography.ringNotClosed'],
    ['a ring of three positions', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [0, 0]]] }, 'geography.ringTooShort'],
    ['a ring with two distinct corners', { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 0], [0, 0]]] }, 'geography.ringTooShort'],
    ['no rings', { type: 'Polygon', coordinates: [] }, 'geography.ringTooShort'],
    ['a bow tie', polygon(ring([0, 0], [1, 1], [1, 0], [0, 1])), 'geography.selfIntersecting'],
    ['a figure eight touching at a corner', polygon(ring([0, 0], [1, 1], [2, 0], [2, 2], [1, 1], [0, 2])), 'geography.selfIntersecting'],
    ['a spike folding back on its edge', polygon(ring([0, 0], [2, 0], [1, 0], [1, 1])), 'geography.selfIntersecting'],
    ['a hole crossing the outer ring', polygon(square(0, 0, 2), square(1, 1, 2)), 'geography.selfIntersecting'],
    ['two polygons whose edges cross', { type: 'MultiPolygon', coordinates: [[square(0, 0, 2)], [square(1, 1, 2)]] }, 'geography.selfIntersecting'],
  ])('given %s, the error is %s', (_name, input, expected) => {
    expect(errorOf(input)).toBe(expected);
  });

  it('given a hole touching the outer ring at one corner, or neighbouring polygons sharing a corner, the area is valid', () => {
    expect(errorOf(polygon(square(0, 0, 4), ring([0, 0], [2, 1], [1, 2])))).toBe('ok');
    expect(errorOf({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(1, 1, 1)]] })).toBe('ok');
  });

  it('given more than the maximum number of points, the area is refused before its shape is checked', () => {
    expect(errorOf(polygon(star([4.5, 50.8], 0.01, 0.005, MAX_AREA_POINTS - 1)))).toBe('ok');
    expect(errorOf(polygon(star([4.5, 50.8], 0.01, 0.005, MAX_AREA_POINTS)))).toBe('geography.tooManyPoints');
    expect(errorOf({ type: 'MultiPolygon', coordinates: Array.from({ length: 3000 }, () => [square(0, 0, 1)]) })).toBe('geography.tooManyPoints');
  });

  it('given an invalid area in a schema, parseInput reports its catalogue key on the field', () => {
    const attempt = () => parseInput(areaGeometrySchema, polygon(ring([0, 0], [1, 1], [1, 0], [0, 1])));
    expect(attempt).toThrow(ValidationError);
    try {
      attempt();
    } catch (error) {
      expect((error as ValidationError).fields).toEqual([{ field: 'form', messageKey: 'geography.selfIntersecting' }]);
    }
  });

  it('given any JSON value or any value at all, the parser answers with a result and never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), fc.jsonValue(), fc.string(), fc.record({ type: fc.constantFrom('Polygon', 'MultiPolygon', 'Feature'), coordinates: fc.anything(), geometry: fc.anything() })), (input) => {
        const result = parseAreaGeometry(input);
        expect(result.ok || GEOMETRY_ERROR_KEYS.includes(result.errorKey)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('given random rings of random numbers, the parser answers with a result and never throws', () => {
    const position = fc.tuple(fc.double({ min: -200, max: 200, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }));
    fc.assert(
      fc.property(fc.array(fc.array(position, { maxLength: 12 }), { maxLength: 3 }), fc.boolean(), (rings, close) => {
        const coordinates = rings.map((r) => (close && r.length > 0 ? [...r, r[0]!] : r));
        const result = parseAreaGeometry({ type: 'Polygon', coordinates });
        expect(result.ok || GEOMETRY_ERROR_KEYS.includes(result.errorKey)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('point in area', () => {
  const withHole = polygon(square(0, 0, 10), square(4, 4, 2));

  it('given a polygon with a hole, points in the hole and outside are out, points between are in', () => {
    expect(containsPoint(withHole, { lon: 1, lat: 1 })).toBe(true);
    expect(containsPoint(withHole, { lon: 5, lat: 5 })).toBe(false);
    expect(containsPoint(withHole, { lon: 11, lat: 5 })).toBe(false);
    expect(containsPoint(withHole, { lon: 7, lat: 5 })).toBe(true);
  });

  it('given a multipolygon, a point in either part is in', () => {
    const multi: AreaGeometry = { type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 5, 1)]] };
    expect(containsPoint(multi, { lon: 0.5, lat: 0.5 })).toBe(true);
    expect(containsPoint(multi, { lon: 5.5, lat: 5.5 })).toBe(true);
    expect(containsPoint(multi, { lon: 3, lat: 3 })).toBe(false);
  });

  it('given a convex polygon, every convex combination of its corners is inside (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 2.5, max: 6.4, noNaN: true }),
        fc.double({ min: 49.5, max: 51.5, noNaN: true }),
        fc.double({ min: 0.0005, max: 0.05, noNaN: true }),
        fc.integer({ min: 3, max: 40 }),
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }),
        fc.nat(),
        (lon, lat, radius, n, weights, start) => {
          const corners = regular([lon, lat], radius, n);
          const picked = [0, 1, 2].map((k) => corners[(start + k * Math.floor(n / 3)) % n]!);
          const total = weights.reduce((a, b) => a + b, 0);
          // Shrunk a little towards the centre so that rounding never puts the point on an edge.
          const point = {
            lon: lon + 0.999 * (picked.reduce((sum, p, k) => sum + p[0] * weights[k]!, 0) / total - lon),
            lat: lat + 0.999 * (picked.reduce((sum, p, k) => sum + p[1] * weights[k]!, 0) / total - lat),
          };
          expect(containsPoint(polygon(corners), point)).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('given a polygon and a point, moving both by the same offset keeps the answer (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 30 }), fc.double({ min: -0.02, max: 0.02, noNaN: true }), fc.double({ min: -0.02, max: 0.02, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), (n, px, py, dx, dy) => {
        const corners = star([4.5, 50.8], 0.015, 0.007, n * 2);
        const moved = corners.map(([x, y]): Position => [x + dx, y + dy]);
        // Points within a micro-degree of an edge may round either way after the move.
        const here = containsPoint(polygon(corners), { lon: 4.5 + px, lat: 50.8 + py });
        const there = containsPoint(polygon(moved), { lon: 4.5 + px + dx, lat: 50.8 + py + dy });
        const nearEdge = containsPoint(polygon(corners), { lon: 4.5 + px + 1e-6, lat: 50.8 + py }) !== here || containsPoint(polygon(corners), { lon: 4.5 + px, lat: 50.8 + py + 1e-6 }) !== here;
        if (!nearEdge) expect(there).toBe(here);
      }),
      { numRuns: 300 },
    );
  });
});

describe('bounding box and surface', () => {
  it('given a square kilometre near Brussels, its surface is about one million square metres', () => {
    const dLat = 1000 / 111_195;
    const dLon = 1000 / (111_195 * Math.cos((50.85 * Math.PI) / 180));
    const km = polygon(ring([4.35, 50.85], [4.35 + dLon, 50.85], [4.35 + dLon, 50.85 + dLat], [4.35, 50.85 + dLat]));
    expect(areaSquareMetres(km)).toBeGreaterThan(990_000);
    expect(areaSquareMetres(km)).toBeLessThan(1_010_000);
    const holed = polygon(km.coordinates[0]!, ring([4.351, 50.851], [4.351 + dLon / 2, 50.851], [4.351 + dLon / 2, 50.851 + dLat / 2], [4.351, 50.851 + dLat / 2]));
    expect(areaSquareMetres(holed) / areaSquareMetres(km)).toBeCloseTo(0.75, 2);
  });

  it('given a multipolygon, its box covers every part', () => {
    expect(bbox({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], [square(5, 6, 1)]] })).toEqual({ minLon: 0, minLat: 0, maxLon: 6, maxLat: 7 });
  });
});
