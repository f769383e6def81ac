import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { nearestCenters, SCAN_CENTERS } from '../../src/cluster/nearest-centers.js';
import { toUnitVector } from '../../src/geo/unit-vector.js';

const latLon = fc.tuple(fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true }));

function unitVectors(points: readonly (readonly [number, number])[]): Float64Array {
  const out = new Float64Array(3 * points.length);
  points.forEach(([lat, lon], i) => toUnitVector(lat, lon, out, 3 * i));
  return out;
}

function chord2(a: Float64Array, i: number, b: Float64Array, j: number): number {
  const dx = a[3 * i] - b[3 * j];
  const dy = a[3 * i + 1] - b[3 * j + 1];
  const dz = a[3 * i + 2] - b[3 * j + 2];
  return dx * dx + dy * dy + dz * dz;
}

/**
 * Checks row i of `got` against a brute-force sort: the distances come out in the order of the sorted
 * distances of the usable centres (ties may list either index; squared chords within 1e-18 are ties, see
 * `nearestCenters`, so each listed distance is within 1e-18 of the sorted one in its place), the indices are
 * distinct usable centres, and the row is padded with -1 exactly where there are no more usable centres.
 */
function expectBruteForce(xyz: Float64Array, n: number, centers: Float64Array, k: number, count: number, got: Int32Array, usable: (j: number) => boolean) {
  for (let i = 0; i < n; i++) {
    const all = Array.from({ length: k }, (_, j) => j).filter(usable);
    const sorted = all.map((j) => chord2(xyz, i, centers, j)).sort((a, b) => a - b).slice(0, count);
    const row = Array.from(got.subarray(i * count, (i + 1) * count));
    const listed = row.filter((j) => j >= 0);
    const distances = listed.map((j) => chord2(xyz, i, centers, j));
    expect(distances.length).toBe(sorted.length);
    distances.forEach((d, p) => expect(Math.abs(d - sorted[p])).toBeLessThanOrEqual(1e-18));
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.every(usable)).toBe(true);
    expect(row.slice(listed.length)).toEqual(new Array(count - listed.length).fill(-1));
  }
}

describe('nearestCenters(xyz, n, centers, k, count, excluded)', () => {
  it('equals a brute-force sort of chord distances for random points and centres', () => {
    fc.assert(
      fc.property(
        fc.array(latLon, { minLength: 1, maxLength: 30 }),
        fc.array(latLon, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 8 }),
        (points, centres, count) => {
          const xyz = unitVectors(points);
          const centers = unitVectors(centres);
          const got = nearestCenters(xyz, points.length, centers, centres.length, count);
          expect(got.length).toBe(points.length * count);
          expectBruteForce(xyz, points.length, centers, centres.length, count, got, () => true);
        },
      ),
      { numRuns: 200, seed: 42 },
    );
  });

  it('equals a brute-force sort when many centres coincide or sit in one small region (ties, deep trees)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 60 }),
        fc.array(latLon, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 6 }),
        (grid, points, count) => {
          // Centres on a 4 x 4 grid of 0.1-degree steps: duplicates are common, distances tie exactly.
          const centers = unitVectors(grid.map(([a, b]) => [40 + a / 10, -100 + b / 10] as const));
          const xyz = unitVectors(points.map(([lat, lon]) => [40 + lat / 300, -100 + lon / 600] as const));
          const got = nearestCenters(xyz, points.length, centers, grid.length, count);
          expectBruteForce(xyz, points.length, centers, grid.length, count, got, () => true);
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it('skips excluded centres and centres with NaN coordinates', () => {
    fc.assert(
      fc.property(
        fc.array(latLon, { minLength: 1, maxLength: 20 }),
        fc.array(fc.tuple(latLon, fc.constantFrom('ok', 'excluded', 'nan')), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 5 }),
        (points, centres, count) => {
          const xyz = unitVectors(points);
          const centers = unitVectors(centres.map(([p]) => p));
          const excluded = new Uint8Array(centres.length);
          centres.forEach(([, kind], j) => {
            if (kind === 'excluded') excluded[j] = 1;
            if (kind === 'nan') centers.fill(NaN, 3 * j, 3 * j + 3);
          });
          const got = nearestCenters(xyz, points.length, centers, centres.length, count, excluded);
          expectBruteForce(xyz, points.length, centers, centres.length, count, got, (j) => centres[j][1] === 'ok');
        },
      ),
      { numRuns: 200, seed: 3 },
    );
  });

  it('pads every row with -1 when fewer centres than count are usable', () => {
    const xyz = unitVectors([[0, 0], [10, 10], [-30, 170]]);
    const centers = unitVectors([[0, 1], [0, 50], [20, 20], [0, -1]]);
    centers.fill(NaN, 3 * 2, 3 * 3);
    const excluded = Uint8Array.of(0, 0, 0, 1);
    const got = nearestCenters(xyz, 3, centers, 4, 4, excluded);
    // Only centres 0 (0, 1) and 1 (0, 50) are usable; (-30, 170) is 120 degrees of longitude from centre 1
    // and 169 from centre 0, so it lists 1 first.
    expect(Array.from(got)).toEqual([0, 1, -1, -1, 0, 1, -1, -1, 1, 0, -1, -1]);
  });

  it('ranks coincident centres from i mod k for account i, so tied accounts get different candidates', () => {
    // Eight centres on one spot, up to the rounding of a mean (as territory centres of co-located accounts are).
    const spot = unitVectors([[10, 10]]);
    const centers = new Float64Array(24);
    for (let j = 0; j < 8; j++) centers.set([spot[0] * (1 + j * 1e-16), spot[1], spot[2]], 3 * j);
    const xyz = unitVectors(Array.from({ length: 8 }, () => [10, 10] as const));
    const got = nearestCenters(xyz, 8, centers, 8, 3);
    expect(Array.from({ length: 8 }, (_, i) => Array.from(got.subarray(3 * i, 3 * i + 3)))).toEqual(
      Array.from({ length: 8 }, (_, i) => [i, (i + 1) % 8, (i + 2) % 8]),
    );
  });

  it(`equals a brute-force sort above ${SCAN_CENTERS} centres, where the k-d tree replaces the scan`, () => {
    fc.assert(
      fc.property(
        fc.array(latLon, { minLength: 1, maxLength: 20 }),
        fc.array(latLon, { minLength: SCAN_CENTERS + 1, maxLength: 3 * SCAN_CENTERS }),
        fc.integer({ min: 1, max: 8 }),
        (points, centres, count) => {
          const xyz = unitVectors(points);
          const centers = unitVectors(centres);
          expectBruteForce(xyz, points.length, centers, centres.length, count, nearestCenters(xyz, points.length, centers, centres.length, count), () => true);
        },
      ),
      { numRuns: 100, seed: 11 },
    );
  });

  it('ranks ties the same way by scan and by tree: nearest first, then from i mod k upwards', () => {
    // Centres on a coarse grid (exact duplicates, so exact ties), once k of them alone (scan) and once with 64
    // more far away at the antipode (tree). Each row must be the usable centres sorted by (distance, rank),
    // rank counted from i mod k for that call's k.
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 })), { minLength: 2, maxLength: 30 }),
        fc.array(latLon, { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 6 }),
        (grid, points, count) => {
          const near = grid.map(([a, b]) => [40 + a / 10, -100 + b / 10] as const);
          const far = Array.from({ length: SCAN_CENTERS }, (_, f) => [-40 - (f % 8) / 10, 80 + Math.floor(f / 8) / 10] as const);
          const xyz = unitVectors(points.map(([lat, lon]) => [40 + lat / 300, -100 + lon / 600] as const));
          for (const all of [near, [...near, ...far]]) {
            const k = all.length;
            const centers = unitVectors(all);
            const got = nearestCenters(xyz, points.length, centers, k, count);
            for (let i = 0; i < points.length; i++) {
              const rank = (j: number) => (j - (i % k) + k) % k;
              const expected = Array.from({ length: k }, (_, j) => j)
                .sort((a, b) => chord2(xyz, i, centers, a) - chord2(xyz, i, centers, b) || rank(a) - rank(b))
                .slice(0, count);
              while (expected.length < count) expected.push(-1);
              expect(Array.from(got.subarray(i * count, (i + 1) * count))).toEqual(expected);
            }
          }
        },
      ),
      { numRuns: 200, seed: 5 },
    );
  });

  it('ranks coincident centres from i mod k past the scan limit too', () => {
    const k = SCAN_CENTERS + 8;
    const spot = unitVectors([[10, 10]]);
    const centers = new Float64Array(3 * k);
    for (let j = 0; j < k; j++) centers.set([spot[0] * (1 + (j % 8) * 1e-16), spot[1], spot[2]], 3 * j);
    const xyz = unitVectors(Array.from({ length: k }, () => [10, 10] as const));
    const got = nearestCenters(xyz, k, centers, k, 3);
    expect(Array.from({ length: k }, (_, i) => Array.from(got.subarray(3 * i, 3 * i + 3)))).toEqual(
      Array.from({ length: k }, (_, i) => [i, (i + 1) % k, (i + 2) % k]),
    );
  });

  it('returns rows of -1 when no centre is usable', () => {
    const xyz = unitVectors([[5, 5], [6, 6]]);
    const centers = unitVectors([[0, 0], [1, 1]]);
    expect(Array.from(nearestCenters(xyz, 2, centers, 2, 2, Uint8Array.of(1, 1)))).toEqual([-1, -1, -1, -1]);
  });
});
