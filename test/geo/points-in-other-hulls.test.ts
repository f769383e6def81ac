import { describe, expect, it } from 'vitest';
import { pointsInOtherHulls } from '../../src/geo/points-in-other-hulls.js';
import type { TerritoryHull } from '../../src/types.js';
import { box, hullBox } from './hull-boxes.js';

describe('pointsInOtherHulls(lat, lon, assign, hulls)', () => {
  const hulls = [box(0, 0, 2, 2), box(3, 0, 5, 2), null];

  it('counts accounts strictly inside another territory\'s hull', () => {
    // 0, 1: inside their own; 2: territory 1 inside hull 0; 3: territory 0 inside hull 1; 4: outside all.
    const lat = Float64Array.of(1, 1, 0.5, 1.5, 10);
    const lon = Float64Array.of(1, 4, 1.5, 3.5, 10);
    expect(pointsInOtherHulls(lat, lon, Int32Array.of(0, 1, 1, 0, 0), hulls)).toBe(2);
  });

  it('does not count unassigned accounts, accounts on another hull\'s boundary, or territories without a hull', () => {
    const lat = Float64Array.of(1, 1, 1);
    const lon = Float64Array.of(1, 2, 4);
    expect(pointsInOtherHulls(lat, lon, Int32Array.of(-1, 1, 2), hulls)).toBe(1);
    expect(pointsInOtherHulls(lat, lon, Int32Array.of(1, 1, 0), hulls)).toBe(2);
  });

  it('finds accounts inside either part of a hull split at the antimeridian', () => {
    const split = hullBox(179, -18, -179, -16);
    const lat = Float64Array.of(-17, -17, -17);
    const lon = Float64Array.of(179.5, -179.5, 170);
    expect(pointsInOtherHulls(lat, lon, Int32Array.of(1, 1, 1), [split, null])).toBe(2);
  });

  it('agrees with checking every account against every hull', () => {
    const k = 30;
    const hs: TerritoryHull[] = Array.from({ length: k }, (_, j) => {
      const south = (j % 3) * 0.5;
      return box(j, south, j + 1.5, south + 1.5);
    });
    const n = 3000;
    const lat = new Float64Array(n), lon = new Float64Array(n);
    const assign = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      lat[i] = ((i * 7919) % 1000) / 400 - 0.2;
      lon[i] = ((i * 104729) % 10007) / 10007 * 33 - 1;
      assign[i] = i % k;
    }
    let expected = 0;
    for (let i = 0; i < n; i++) {
      const inside = hs.some((h, j) => {
        if (j === assign[i]) return false;
        const [[w, s], , [e, nn]] = h.geometry.coordinates[0] as number[][];
        return lon[i] > w && lon[i] < e && lat[i] > s && lat[i] < nn;
      });
      if (inside) expected++;
    }
    expect(expected).toBeGreaterThan(0);
    expect(pointsInOtherHulls(lat, lon, assign, hs)).toBe(expected);
  });
});
