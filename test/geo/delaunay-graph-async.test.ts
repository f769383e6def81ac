import { describe, expect, it } from 'vitest';
import Delaunator from 'delaunator';
import { delaunayGraph, delaunayGraphAsync } from '../../src/geo/delaunay-graph.js';
import { workerTriangulator } from '../../src/scale/run-in-workers.js';
import { toUnitVector } from '../../src/geo/unit-vector.js';
import { mulberry32 } from '../../src/util/random.js';

/** n random points over a box of the US, as unit vectors, with a few exact duplicates (shared spots). */
function points(n: number, seed: number): Float64Array {
  const rand = mulberry32(seed);
  const xyz = new Float64Array(3 * n);
  for (let i = 0; i < n; i++) {
    if (i > 0 && i % 97 === 0) xyz.copyWithin(3 * i, 3 * (i - 1), 3 * i);
    else toUnitVector(25 + 24 * rand(), -124 + 57 * rand(), xyz, 3 * i);
  }
  return xyz;
}

describe('delaunayGraphAsync: the triangulation made elsewhere', () => {
  it('gives the same graph as delaunayGraph, triangulated on a worker thread, reporting while the worker runs', async () => {
    const n = 300_000;
    const xyz = points(n, 3);
    const reported: number[] = [];
    const triangulate = await workerTriangulator((f) => reported.push(f));
    expect(triangulate).not.toBeNull();
    const onWorker = await delaunayGraphAsync(xyz, n, undefined, triangulate!);
    const here = delaunayGraph(xyz, n);
    // Compared as bytes: a deep equal over arrays this long takes seconds.
    const same = (a: Int32Array, b: Int32Array) => a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
    expect(same(onWorker.offsets, here.offsets)).toBe(true);
    expect(same(onWorker.neighbors, here.neighbors)).toBe(true);
    expect(onWorker.site && here.site && same(onWorker.site, here.site)).toBe(true);
    expect(here.neighbors.length).toBeGreaterThan(5 * n);
    // One report before the worker starts, then one every 200 ms while it runs.
    expect(reported.length).toBeGreaterThanOrEqual(1);
    for (const f of reported) expect(f).toBeGreaterThanOrEqual(0), expect(f).toBeLessThanOrEqual(0.85);
    expect(reported).toEqual([...reported].sort((a, b) => a - b));
  }, 60_000);

  it('passes on an abort thrown from its checkpoint (the first report comes before the worker starts)', async () => {
    const xyz = points(300_000, 4);
    const stop = new Error('stop while triangulating');
    const triangulate = await workerTriangulator(() => {
      throw stop;
    });
    await expect(delaunayGraphAsync(xyz, 300_000, undefined, triangulate!)).rejects.toBe(stop);
  }, 60_000);

  it('takes any triangulator that runs delaunator, and reports its steps around it', async () => {
    const xyz = points(2_000, 5);
    const seen: number[] = [];
    const graph = await delaunayGraphAsync(xyz, 2_000, (f) => seen.push(f), async (coords) => new Delaunator(coords));
    const here = delaunayGraph(xyz, 2_000);
    expect(graph.offsets).toEqual(here.offsets);
    expect(graph.neighbors).toEqual(here.neighbors);
    expect(seen).toContain(0.25);
    expect(seen).toContain(0.8);
  });
});
