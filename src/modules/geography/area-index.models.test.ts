import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { circleBBox, circleContains, circleSchema, createAreaIndex, prepareArea } from './area-index.models.ts';
import { type AreaGeometry, type PolygonGeometry, type Position, bboxContains, containsPoint, distanceMetres } from './geometry.models.ts';

/** A star (concave, simple) with `n` corners alternating between two radii, closed. */
function star(centre: Position, outer: number, inner: number, n: number): PolygonGeometry {
  const corners = Array.from({ length: n }, (_, i): Position => {
    const r = i % 2 === 0 ? outer : inner;
    return [centre[0] + r * Math.cos((2 * Math.PI * i) / n), centre[1] + r * Math.sin((2 * Math.PI * i) / n)];
  });
  return { type: 'Polygon', coordinates: [[...corners, corners[0]!]] };
}

/** A deterministic stream of numbers in [0, 1) (tests never depend on Math.random). */
function numbers(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('prepared areas and the area index', () => {
  it('given a star of 10,000 corners with a hole, the prepared area answers like plain ray casting', () => {
    const outer = star([4.5, 50.8], 0.02, 0.01, 9_990);
    const withHole: AreaGeometry = { type: 'Polygon', coordinates: [outer.coordinates[0]!, star([4.5, 50.8], 0.004, 0.002, 8).coordinates[0]!] };
    const prepared = prepareArea(withHole);
    const next = numbers(7);
    let inside = 0;
    let disagreements = 0;
    for (let i = 0; i < 1_000; i++) {
      const point = { lon: 4.475 + next() * 0.05, lat: 50.775 + next() * 0.05 };
      const expected = containsPoint(withHole, point);
      if (prepared.contains(point) !== expected) disagreements++;
      if (expected) inside++;
    }
    expect(disagreements).toBe(0);
    expect(inside).toBeGreaterThan(100);
    expect(prepared.contains({ lon: 4.5, lat: 50.8 })).toBe(false);
  });

  it('given any star and point, prepared and plain containment agree (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 200 }), fc.double({ min: 0.001, max: 0.05, noNaN: true }), fc.double({ min: -0.06, max: 0.06, noNaN: true }), fc.double({ min: -0.06, max: 0.06, noNaN: true }), (half, radius, dx, dy) => {
        const area = star([4.4, 50.9], radius, radius / 2, half * 2);
        const point = { lon: 4.4 + dx, lat: 50.9 + dy };
        expect(prepareArea(area).contains(point)).toBe(containsPoint(area, point));
      }),
      { numRuns: 300 },
    );
  });

  it('given 50 neighbouring areas and 5,000 addresses, the index finds exactly the areas plain tests find', () => {
    const areas = Array.from({ length: 50 }, (_, k) => ({ key: `network-${k}`, geometry: star([4.3 + (k % 10) * 0.025, 50.8 + Math.floor(k / 10) * 0.025], 0.016, 0.009, 120) }));
    const index = createAreaIndex(areas);
    const next = numbers(42);
    let found = 0;
    let disagreements = 0;
    for (let i = 0; i < 5_000; i++) {
      const point = { lon: 4.27 + next() * 0.3, lat: 50.77 + next() * 0.16 };
      const expected = areas.filter((a) => containsPoint(a.geometry, point)).map((a) => a.key);
      if (index.keysAt(point).sort().join() !== expected.sort().join()) disagreements++;
      found += expected.length;
    }
    expect(disagreements).toBe(0);
    expect(found).toBeGreaterThan(500);
    expect(index.keysAt({ lon: 0, lat: 0 })).toEqual([]);
    expect(createAreaIndex([]).keysAt({ lon: 4.3, lat: 50.8 })).toEqual([]);
  });
});

describe('circles', () => {
  const circle = { centre: { lat: 50.879, lon: 4.53 }, radiusMetres: 500 };

  it('given a circle of 500 m, a house 400 m away is in and one 600 m away is out', () => {
    const north = (metres: number) => ({ lat: 50.879 + metres / 111_195, lon: 4.53 });
    expect(circleContains(circle, north(400))).toBe(true);
    expect(circleContains(circle, north(600))).toBe(false);
  });

  it('given any point of a circle, the circle’s box contains it (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 49.5, max: 51.5, noNaN: true }), fc.double({ min: 2.5, max: 6.4, noNaN: true }), fc.double({ min: 1, max: 50_000, noNaN: true }), fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), fc.double({ min: 0, max: 0.999, noNaN: true }), (lat, lon, radiusMetres, bearing, fraction) => {
        const c = { centre: { lat, lon }, radiusMetres };
        const d = (radiusMetres * fraction) / 6_371_008.8;
        const rad = Math.PI / 180;
        // The point at distance d and the given bearing (great-circle destination formula).
        const lat2 = Math.asin(Math.sin(lat * rad) * Math.cos(d) + Math.cos(lat * rad) * Math.sin(d) * Math.cos(bearing));
        const lon2 = lon * rad + Math.atan2(Math.sin(bearing) * Math.sin(d) * Math.cos(lat * rad), Math.cos(d) - Math.sin(lat * rad) * Math.sin(lat2));
        const point = { lat: lat2 / rad, lon: lon2 / rad };
        expect(distanceMetres(c.centre, point)).toBeLessThanOrEqual(radiusMetres * (1 + 1e-9));
        expect(circleContains(c, point)).toBe(true);
        expect(bboxContains(circleBBox(c), point)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('given a radius of 0 or 60 km, the circle schema refuses it with its catalogue key', () => {
    expect(circleSchema.safeParse({ centre: { lat: '50.8', lon: '4.3' }, radiusMetres: '250' }).success).toBe(true);
    for (const radiusMetres of [0, 60_000]) {
      const result = circleSchema.safeParse({ centre: { lat: 50.8, lon: 4.3 }, radiusMetres });
      expect(result.success ? null : result.error.issues[0]?.message).toBe('geography.radiusOutOfRange');
    }
  });
});
