import { area, feature, featureCollection, intersect, polygon } from '@turf/turf';
import type { Polygon } from 'geojson';
import { describe, expect, it } from 'vitest';
import { sphericalOverlapArea, sphericalRing } from '../../src/geo/spherical-polygon.js';

const rect = (w: number, s: number, e: number, n: number): Polygon => ({
  type: 'Polygon',
  coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]],
});

describe('sphericalRing(polygon)', () => {
  it('measures a 1 x 1 degree box like turf area, to 0.01%', () => {
    const r = sphericalRing(rect(10, 40, 11, 41));
    expect(r.clippable).toBe(true);
    expect(Math.abs(r.area / area(polygon(rect(10, 40, 11, 41).coordinates)) - 1)).toBeLessThan(1e-4);
  });

  it('drops points lying on a great-circle edge without changing the area', () => {
    const dense: Polygon = {
      type: 'Polygon',
      coordinates: [[[0, 0], [0.5, 0], [1, 0], [1, 1], [0, 1], [0, 0.5], [0, 0]]],
    };
    const r = sphericalRing(dense);
    expect(r.xyz.length).toBe(3 * 4);
    expect(r.area).toBeCloseTo(sphericalRing(rect(0, 0, 1, 1)).area, 0);
  });

  it('is not clippable when it touches a pole', () => {
    expect(sphericalRing(rect(-180, 80, 180, 90)).clippable).toBe(false);
  });
});

describe('sphericalOverlapArea(a, b)', () => {
  it('is half of one box for two boxes overlapping on half, and 0 for disjoint boxes', () => {
    const a = sphericalRing(rect(0, 0, 2, 2));
    const half = sphericalOverlapArea(a, sphericalRing(rect(1, 0, 3, 2)))!;
    expect(half / a.area).toBeCloseTo(0.5, 4);
    expect(sphericalOverlapArea(a, sphericalRing(rect(5, 0, 6, 1)))).toBe(0);
  });

  it('matches turf intersect for tilted quadrilaterals within 0.1%', () => {
    const a: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [3, 0.5], [2.5, 3], [0.2, 2], [0, 0]]] };
    const b: Polygon = { type: 'Polygon', coordinates: [[[1, 1], [4, -1], [5, 2], [2, 4], [1, 1]]] };
    const turf = area(intersect(featureCollection([feature(a), feature(b)]))!);
    expect(Math.abs(sphericalOverlapArea(sphericalRing(a), sphericalRing(b))! / turf - 1)).toBeLessThan(1e-3);
  });

  it('returns null for rings it cannot clip (a pole, or a non-convex ring)', () => {
    const box = sphericalRing(rect(0, 0, 1, 1));
    expect(sphericalOverlapArea(box, sphericalRing(rect(-180, 80, 180, 90)))).toBeNull();
    const notch: Polygon = { type: 'Polygon', coordinates: [[[0, 0], [2, 0], [2, 2], [1, 0.5], [0, 2], [0, 0]]] };
    expect(sphericalOverlapArea(box, sphericalRing(notch))).toBeNull();
  });
});
