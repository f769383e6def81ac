import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { delaunayGraph } from '../../src/geo/delaunay-graph.js';
import { componentCount, edgeSet, graphProblems, neighborsOf, seeded, wrapLon, xyzOf } from './sphere-points.js';

/** The same unit vectors turned by a rotation about the axis (ux, uy, uz) (Rodrigues). */
function rotate(xyz: Float64Array, axis: [number, number, number], degrees: number): Float64Array {
  const r = Math.hypot(...axis);
  const [kx, ky, kz] = axis.map((a) => a / r);
  const c = Math.cos((degrees * Math.PI) / 180), s = Math.sin((degrees * Math.PI) / 180);
  const out = new Float64Array(xyz.length);
  for (let i = 0; i < xyz.length; i += 3) {
    const [x, y, z] = [xyz[i], xyz[i + 1], xyz[i + 2]];
    const dot = kx * x + ky * y + kz * z;
    out[i] = x * c + (ky * z - kz * y) * s + kx * dot * (1 - c);
    out[i + 1] = y * c + (kz * x - kx * z) * s + ky * dot * (1 - c);
    out[i + 2] = z * c + (kx * y - ky * x) * s + kz * dot * (1 - c);
  }
  return out;
}

function randomPoints(seed: number, n: number, lat: [number, number], lon: [number, number]): [number, number][] {
  const r = seeded(seed);
  return Array.from({ length: n }, () => [lat[0] + (lat[1] - lat[0]) * r(), wrapLon(lon[0] + (lon[1] - lon[0]) * r())]);
}

describe('delaunayGraph(xyz, n)', () => {
  it('returns no edges for n = 0 and n = 1, and one edge for n = 2', () => {
    expect(delaunayGraph(new Float64Array(0), 0).neighbors.length).toBe(0);
    expect(Array.from(delaunayGraph(xyzOf([[10, 20]]), 1).offsets)).toEqual([0, 0]);
    const g = delaunayGraph(xyzOf([[10, 20], [11, 21]]), 2);
    expect(neighborsOf(g, 0)).toEqual([1]);
    expect(neighborsOf(g, 1)).toEqual([0]);
  });

  it('throws when n is not a count or xyz is too short', () => {
    expect(() => delaunayGraph(new Float64Array(3), -1)).toThrow(/non-negative integer/);
    expect(() => delaunayGraph(new Float64Array(3), 2)).toThrow(/need 6/);
  });

  it('on a square lat/lon grid links every interior point to its 4 axis neighbours and one diagonal per cell', () => {
    const side = 12;
    const pts: [number, number][] = [];
    for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) pts.push([40 + 0.1 * r, -100 + 0.1 * c]);
    const g = delaunayGraph(xyzOf(pts), pts.length);
    expect(graphProblems(g, pts.length)).toEqual([]);
    const id = (r: number, c: number) => r * side + c;
    for (let r = 1; r < side - 1; r++) {
      for (let c = 1; c < side - 1; c++) {
        const nb = neighborsOf(g, id(r, c));
        for (const axis of [id(r - 1, c), id(r + 1, c), id(r, c - 1), id(r, c + 1)]) expect(nb).toContain(axis);
        const block = new Set([-1, 0, 1].flatMap((dr) => [-1, 0, 1].map((dc) => id(r + dr, c + dc))));
        expect(nb.every((j) => block.has(j))).toBe(true);
      }
    }
    const edges = edgeSet(g);
    for (let r = 0; r + 1 < side; r++) {
      for (let c = 0; c + 1 < side; c++) {
        const diagonals = [`${id(r, c)}-${id(r + 1, c + 1)}`, `${id(r, c + 1)}-${id(r + 1, c)}`];
        expect(diagonals.filter((d) => edges.has(d)).length).toBe(1);
      }
    }
  });

  it('is symmetric, free of self loops and duplicates, connected and planar for random inputs', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(fc.double({ min: -90, max: 90, noNaN: true }), fc.double({ min: -180, max: 180, noNaN: true })),
          { minLength: 0, maxLength: 60 },
        ),
        fc.boolean(),
        (pts, withCopies) => {
          const all = withCopies ? pts.concat(pts.slice(0, 5)) : pts;
          const g = delaunayGraph(xyzOf(all), all.length);
          expect(graphProblems(g, all.length)).toEqual([]);
          expect(componentCount(g, all.length)).toBe(Math.min(all.length, 1));
          if (!withCopies) expect(g.neighbors.length / 2).toBeLessThanOrEqual(Math.max(1, 3 * all.length - 6));
        },
      ),
      { numRuns: 200, seed: 7 },
    );
  });

  it('links points at the same spot to each other and shares the neighbours of their representative', () => {
    const pts: [number, number][] = [[0, 0], [0, 1], [1, 0], [1, 1], [0.5, 0.5], [0.5, 0.5], [0.5, 0.5]];
    const g = delaunayGraph(xyzOf(pts), pts.length);
    expect(graphProblems(g, pts.length)).toEqual([]);
    expect(Array.from(g.site!)).toEqual([0, 1, 2, 3, 4, 4, 4]);
    for (const d of [5, 6]) {
      expect(neighborsOf(g, d)).toContain(4);
      expect(neighborsOf(g, d)).toEqual(expect.arrayContaining([0, 1, 2, 3]));
    }
    expect(componentCount(g, pts.length)).toBe(1);
  });

  it('treats points closer than about a millimetre as one spot', () => {
    const g = delaunayGraph(xyzOf([[40.7128, -74.006], [40.71280000000001, -74.006], [41, -74], [40, -75]]), 4);
    expect(g.site![1]).toBe(0);
    expect(neighborsOf(g, 1)).toEqual([0, 2, 3]);
  });

  it('connects n points all at one spot with n - 1 edges', () => {
    const pts = Array.from({ length: 1000 }, () => [12.5, 99.25] as [number, number]);
    const g = delaunayGraph(xyzOf(pts), pts.length);
    expect(graphProblems(g, pts.length)).toEqual([]);
    expect(g.neighbors.length).toBe(2 * 999);
    expect(componentCount(g, pts.length)).toBe(1);
  });

  it('links collinear points in order along their line', () => {
    // On the equator: exactly collinear in the projection, so delaunator makes no triangle.
    const lons = [3, 0, 7, 1, 5, 2, 6, 4];
    const g = delaunayGraph(xyzOf(lons.map((lon) => [0, lon])), lons.length);
    expect(graphProblems(g, lons.length)).toEqual([]);
    expect(g.neighbors.length).toBe(2 * (lons.length - 1));
    lons.forEach((lon, i) => {
      const expected = lons.map((l, j) => [l, j]).filter(([l]) => Math.abs(l - lon) === 1).map(([, j]) => j);
      expect(neighborsOf(g, i)).toEqual(expected.sort((a, b) => a - b));
    });
  });

  it('links points along a meridian to their neighbours along it', () => {
    const lats = Array.from({ length: 20 }, (_, i) => -30 + 3 * i);
    const g = delaunayGraph(xyzOf(lats.map((lat) => [lat, 17])), lats.length);
    expect(graphProblems(g, lats.length)).toEqual([]);
    for (let i = 0; i + 1 < lats.length; i++) expect(neighborsOf(g, i)).toContain(i + 1);
  });

  it('links points across the antimeridian (179.5 and -179.5) and matches the graph rotated 30 degrees east', () => {
    // Keep a gap around (-15, 180) so the two points are each other's nearest: then they must be linked.
    const pts = randomPoints(3, 300, [-20, -10], [174, 186]).filter(
      ([lat, lon]) => Math.abs(lat + 15) > 1.5 || Math.abs(wrapLon(lon - 180)) > 1.5,
    );
    pts.push([-15, 179.5], [-15, -179.5]);
    const g = delaunayGraph(xyzOf(pts), pts.length);
    expect(graphProblems(g, pts.length)).toEqual([]);
    expect(neighborsOf(g, pts.length - 2)).toContain(pts.length - 1);
    const turned = pts.map(([lat, lon]) => [lat, wrapLon(lon + 30)] as [number, number]);
    expect(edgeSet(delaunayGraph(xyzOf(turned), turned.length))).toEqual(edgeSet(g));
  });

  it('links points across the North Pole and matches the graph of the same points turned to the equator', () => {
    const pts = randomPoints(5, 300, [88, 90], [-180, 180]).filter(([lat]) => lat < 89.5);
    pts.push([90, 0], [89.9, 0], [89.9, 180]);
    const xyz = xyzOf(pts);
    const g = delaunayGraph(xyz, pts.length);
    expect(graphProblems(g, pts.length)).toEqual([]);
    expect(componentCount(g, pts.length)).toBe(1);
    const pole = pts.length - 3;
    expect(neighborsOf(g, pole)).toEqual(expect.arrayContaining([pole + 1, pole + 2]));
    const turned = rotate(xyz, [1, 0.3, 0], 90);
    expect(edgeSet(delaunayGraph(turned, pts.length))).toEqual(edgeSet(g));
  });

  it('covers points spread over the whole globe, missing at most a few edges by the projection pole', () => {
    // Fibonacci sphere: the mean direction is ~0, so the pole goes into a gap between points.
    const n = 2000;
    const pts: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const z = 1 - (2 * i + 1) / n;
      pts.push([(Math.asin(z) * 180) / Math.PI, wrapLon(i * 137.50776405)]);
    }
    const g = delaunayGraph(xyzOf(pts), n);
    expect(graphProblems(g, n)).toEqual([]);
    expect(componentCount(g, n)).toBe(1);
    // A triangulation of the whole sphere has 3n - 6 edges; the triangles around the pole are lost.
    expect(g.neighbors.length / 2).toBeGreaterThan(3 * n - 6 - 10);
    for (let i = 0; i < n; i++) expect(g.offsets[i + 1] - g.offsets[i]).toBeGreaterThanOrEqual(2);
  });

  it('does not send a point at the antipode of the mean direction to infinity', () => {
    // Many points around (0, 0) and one at (0, 180), exactly opposite their mean.
    const pts = randomPoints(9, 50, [-1, 1], [-1, 1]).map(([lat]) => [lat, 0] as [number, number]);
    pts.push([0, 0.5], [0, -0.5], [0, 180]);
    const g = delaunayGraph(xyzOf(pts), pts.length);
    expect(graphProblems(g, pts.length)).toEqual([]);
    expect(componentCount(g, pts.length)).toBe(1);
  });

  it('stays symmetric and duplicate-free on near-degenerate input (a lattice jittered by 1e-12 degrees)', () => {
    // Regression: delaunator's non-robust in-circle test emitted an edge twice on this input.
    const r = seeded(5);
    for (let run = 0; run < 10; run++) {
      const pts = Array.from({ length: 500 }, () => {
        const lat = 10 + Math.floor(r() * 20) * 0.01, lon = 20 + Math.floor(r() * 20) * 0.01;
        return [lat + (r() - 0.5) * 1e-12, lon + (r() - 0.5) * 1e-12] as [number, number];
      });
      const g = delaunayGraph(xyzOf(pts), pts.length);
      expect(graphProblems(g, pts.length)).toEqual([]);
      expect(componentCount(g, pts.length)).toBe(1);
    }
  });
});
