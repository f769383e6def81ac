import { describe, expect, it } from 'vitest';
import { delaunayGraph } from '../../src/geo/delaunay-graph.js';
import { territoryComponents } from '../../src/geo/components.js';
import { validateInput } from '../../src/input/validate-input.js';
import { normalizeInput } from '../../src/input/normalize-input.js';
import { computeMetrics } from '../../src/metrics/compute-metrics.js';
import { pointsInOtherHulls } from '../../src/geo/points-in-other-hulls.js';
import { hullOverlap } from '../../src/geo/hull-overlap.js';
import { mulberry32 } from '../../src/util/random.js';
import type { TerritoryHull } from '../../src/types.js';
import { splitRegions } from '../../src/scale/split-regions.js';
import { runInProcess, solveByRegions } from '../../src/scale/solve-by-regions.js';
import { solveRegion } from '../../src/scale/solve-region.js';
import type { SolveSettings } from '../../src/scale/solve-problem.js';
import { solveWithJsLpSolver } from '../../src/rebalance/lp-adapter.js';
import { clusteredInstance, uniformInstance } from '../support/instances.js';
import { makeProblem } from '../rebalance/problems.js';

// The long synchronous stages report between their steps, so `onProgress` keeps coming and an abort from a
// progress report lands inside them (issue 3: at 1,000,000 accounts the stitch ran 6.5-8.3 s, the split and
// the Delaunay graph 2 s each, the metrics 2-2.5 s without a report).

const rising = (seen: number[]) => seen.every((f, p) => f >= 0 && f <= 1 && (p === 0 || f >= seen[p - 1]));

describe('checkpoints inside the long stages', () => {
  const problem = makeProblem(clusteredInstance({ n: 4000, k: 120, seed: 51 }), { balance: ['potential', 'workload'] });
  const graph = delaunayGraph(problem.xyz, problem.n);

  it('delaunayGraph reports inside the projection, after the triangulation and inside the expansion, and stops when it throws', () => {
    const seen: number[] = [];
    const withReports = delaunayGraph(problem.xyz, problem.n, (f) => seen.push(f));
    expect(rising(seen)).toBe(true);
    // 8 in the projection (4 between its steps, 1 at the first of every 65,536 points of its 4 passes over
    // 4,000 points), 0.25, 2 after delaunator (then at the first of every 2^17 half-edges read: 1 here), 0.8,
    // then 4 in the expansion (every point at its own spot: after renumbering the edge list, and at the first
    // 2^16 pairs of each of its 3 passes, one of them at 0.8).
    expect(seen.filter((f) => f < 0.25).length).toBe(8);
    expect(seen.filter((f) => f > 0.25 && f < 0.8).length).toBe(2);
    expect(seen.filter((f) => f > 0.8).length).toBe(4);
    // Shared spots (every point twice): the representatives' edge list is built (2 passes, reporting at 0.8
    // and after), then the offsets (1 report).
    const twice = new Float64Array(2 * problem.xyz.length);
    twice.set(problem.xyz);
    twice.set(problem.xyz, problem.xyz.length);
    const shared: number[] = [];
    delaunayGraph(twice, 2 * problem.n, (f) => shared.push(f));
    expect(shared.filter((f) => f > 0.8).length).toBe(2);
    expect(shared.filter((f) => f === 0.8).length).toBe(3);
    expect(seen).toContain(0.25);
    expect(seen).toContain(0.8);
    expect(Array.from(withReports.neighbors)).toEqual(Array.from(graph.neighbors));
    const stop = new Error('stop');
    expect(() => delaunayGraph(problem.xyz, problem.n, () => { throw stop; })).toThrow(stop);
  });

  it('splitRegions reports at every node of the split (each cut and each region), with the share of accounts placed', () => {
    const seen: number[] = [];
    const regions = splitRegions(problem, 25, (f) => seen.push(f));
    // One report per node of the bisection tree: count leaves and count - 1 cuts.
    expect(seen.length).toBe(2 * regions.count - 1);
    expect(rising(seen)).toBe(true);
    expect(seen[0]).toBe(0);
    expect(seen.at(-1)).toBeGreaterThan(0.5);
  });

  it('computeMetrics reports between its steps and every 50 territories, rising, and stops when it throws', () => {
    const assign = Int32Array.from({ length: problem.n }, (_, i) => i % problem.k);
    const seen: number[] = [];
    const context = { graph, hulls: true, isolated: new Uint8Array(problem.k) };
    const reported = computeMetrics(problem, assign, { ...context, checkpoint: (f) => seen.push(f) });
    // 120 territories: 3 reports in the diameters, 1 in the distances (every 256 territories), 3 in the
    // hulls, 6 between the steps, 2 in the overlap, 2 in its territory pieces (two passes over 4,000
    // accounts, one report each), 2 in the hulls' pairs (every 64 hulls) and 1 in the points-in-other-hulls
    // count (4,000 accounts: one report, at the first).
    expect(seen.length).toBe(20);
    expect(rising(seen)).toBe(true);
    expect(reported.metrics).toEqual(computeMetrics(problem, assign, context).metrics);
    const stop = new Error('stop');
    expect(() => computeMetrics(problem, assign, { ...context, checkpoint: () => { throw stop; } })).toThrow(stop);
  });

  it('normalizeInput reports after the ids, after their order and every 65,536 accounts, the same problem either way', () => {
    const input = uniformInstance({ n: 140_000, k: 10, seed: 61 });
    const options = { balance: ['potential', 'workload'] } as const;
    const { input: valid, options: resolved } = validateInput(input, options);
    const seen: number[] = [];
    const reported = normalizeInput(valid, resolved, (f) => seen.push(f));
    // Its ids come in order: the one pass that finds it reports every 65,536 ids.
    const inOrder = [65_536, 131_072].map((i) => 0.3 + 0.3 * ((0.2 * i) / 140_000));
    expect(seen).toEqual([0.3, ...inOrder, 0.6, 0.6, 0.6 + (0.4 * 65_536) / 140_000, 0.6 + (0.4 * 131_072) / 140_000]);
    const quiet = normalizeInput(valid, resolved);
    expect(Array.from(reported.xyz)).toEqual(Array.from(quiet.xyz));
    expect(reported.accountIds).toEqual(quiet.accountIds);
    const stop = new Error('stop');
    expect(() => normalizeInput(valid, resolved, () => { throw stop; })).toThrow(stop);
  });

  it('validateInput reports every 65,536 accounts once the options are good, and an abort is not a bad account', () => {
    const input = uniformInstance({ n: 140_000, k: 10, seed: 61 });
    const options = { balance: ['potential', 'workload'] } as const;
    const seen: number[] = [];
    let given: unknown = null;
    const checked = validateInput(input, options, (o) => {
      given = o;
      return (f) => seen.push(f);
    });
    expect(seen).toEqual([0, 65_536 / 140_000, 131_072 / 140_000]);
    expect(given).toBe(checked.options);
    // Bad options: no checkpoint is asked for (the run ends in the options' error).
    let asked = false;
    expect(() => validateInput(input, { tolerance: -1 }, () => ((asked = true), undefined))).toThrow(/tolerance/);
    expect(asked).toBe(false);
    // Nor for input already known bad: an abort must not hide its error.
    expect(() => validateInput({ ...input, reps: [] }, options, () => () => { throw new Error('stop'); })).toThrow(/reps: expected at least one rep/);
    // What the checkpoint throws comes out as it is, not as an unreadable account.
    const stop = new Error('stop');
    let calls = 0;
    expect(() => validateInput(input, options, () => () => {
      if (++calls === 2) throw stop;
    })).toThrow(stop);
  });

  it('territoryComponents reports every 65,536 accounts of its passes, the same pieces either way', () => {
    const n = 140_000;
    // A path 0 - 1 - ... - (n - 1), territories in runs of 1,000.
    const neighbors: number[] = [];
    const offsets = [0];
    for (let i = 0; i < n; i++) {
      if (i > 0) neighbors.push(i - 1);
      if (i + 1 < n) neighbors.push(i + 1);
      offsets.push(neighbors.length);
    }
    const path = { offsets: Int32Array.from(offsets), neighbors: Int32Array.from(neighbors) };
    const assign = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 1000) % 7);
    const seen: number[] = [];
    const pieces = territoryComponents(assign, 7, path, (f) => seen.push(f));
    expect(seen.length).toBe(6);
    expect(pieces.map((p) => p.length)).toEqual(territoryComponents(assign, 7, path).map((p) => p.length));
    const stop = new Error('stop');
    expect(() => territoryComponents(assign, 7, path, () => { throw stop; })).toThrow(stop);
  });

  it('normalizeInput reports from inside the sort of shuffled ids, every 2^18 comparisons, the same problem either way', () => {
    const source = uniformInstance({ n: 140_000, k: 10, seed: 61 });
    // The same accounts, shuffled (seeded Fisher-Yates).
    const accounts = [...source.accounts];
    const rand = mulberry32(5);
    for (let i = accounts.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [accounts[i], accounts[j]] = [accounts[j], accounts[i]];
    }
    const input = { ...source, accounts };
    const { input: valid, options: resolved } = validateInput(input, { balance: ['potential'] });
    const seen: number[] = [];
    const reported = normalizeInput(valid, resolved, (f) => seen.push(f));
    // About n log2 n = 2.4 million comparisons, one report every 2^18 (8 here).
    const inSort = seen.filter((f) => f > 0.3 && f < 0.6);
    expect(inSort.length).toBeGreaterThanOrEqual(5);
    expect(rising(seen)).toBe(true);
    expect(reported.accountIds).toEqual(normalizeInput(valid, resolved).accountIds);
    const stop = new Error('stop');
    let calls = 0;
    expect(() => normalizeInput(valid, resolved, () => {
      if (++calls === 2) throw stop;
    })).toThrow(stop);
  });

  it('hullOverlap reports every 64 hulls, the same figures either way', () => {
    const square = (w: number): TerritoryHull => ({
      type: 'Feature',
      properties: { repId: `R${w}` },
      geometry: { type: 'Polygon', coordinates: [[[w, 0], [w + 2, 0], [w + 2, 2], [w, 2], [w, 0]]] },
    });
    const hulls = Array.from({ length: 200 }, (_, w) => square(w / 10));
    const seen: number[] = [];
    const reported = hullOverlap(hulls, undefined, (f) => seen.push(f));
    expect(seen).toEqual([0, 64 / 200, 128 / 200, 192 / 200]);
    expect(reported).toEqual(hullOverlap(hulls));
    expect(reported.areaRatio).toBeGreaterThan(0);
  });

  it('pointsInOtherHulls reports every 65,536 accounts', () => {
    const n = 140_000;
    const lat = Float64Array.from({ length: n }, (_, i) => (i % 100) / 100);
    const lon = Float64Array.from({ length: n }, (_, i) => Math.floor(i / 100) / 1400);
    const assign = new Int32Array(n).fill(1);
    const square: TerritoryHull = { type: 'Feature', properties: { repId: 'r0' }, geometry: { type: 'Polygon', coordinates: [[[0, 0], [0.5, 0], [0.5, 0.5], [0, 0.5], [0, 0]]] } };
    const seen: number[] = [];
    const inside = pointsInOtherHulls(lat, lon, assign, [square, null], (f) => seen.push(f));
    expect(seen).toEqual([0, 65_536 / n, 131_072 / n]);
    expect(inside).toBe(pointsInOtherHulls(lat, lon, assign, [square, null]));
    expect(inside).toBeGreaterThan(0);
  });

  it('solveByRegions reports through the stitch and pauses between the groups it mends', async () => {
    const source = uniformInstance({ n: 3000, k: 40, seed: 41 });
    const p = makeProblem(source, { balance: ['potential', 'workload'] });
    const g = delaunayGraph(p.xyz, p.n);
    const settings: SolveSettings = { seed: 7, candidates: 4, exactLpMaxAccounts: 300, contiguity: true, deadline: Date.now() + 600_000, solve: solveWithJsLpSolver, solver: 'javascript-lp-solver' };
    const stitch: number[] = [];
    // The last stitch report before each pause: a pause comes after a group is done, never before the first.
    const pausedAfter: number[] = [];
    const result = await solveByRegions(p, g, settings, 13, runInProcess(solveRegion, async () => {}), (f) => stitch.push(f), async () => {
      pausedAfter.push(stitch.at(-1) ?? -1);
    });
    expect(pausedAfter.length).toBeGreaterThan(0);
    expect(pausedAfter.every((f) => f > 0)).toBe(true);
    // The reports and pauses change nothing in the plan, and a report that throws stops the stitch with its error.
    const quiet = await solveByRegions(p, g, settings, 13, runInProcess(solveRegion, async () => {}));
    expect(Array.from(result.assign)).toEqual(Array.from(quiet.assign));
    const stop = new Error('stop in the stitch');
    await expect(solveByRegions(p, g, settings, 13, runInProcess(solveRegion, async () => {}), (f) => {
      if (f > 0) throw stop;
    })).rejects.toBe(stop);
    expect(stitch.length).toBeGreaterThan(2);
    expect(rising(stitch)).toBe(true);
    expect(stitch[0]).toBe(0);
    expect(stitch.at(-1)).toBe(1);
    // Reports at 0 before the first group is done: 1 at the stitch's start, 7 in its set-up (bounds, loads,
    // the groups, the territories' pieces), and the first group's own: after its sub-problem, after its
    // centres and after each reattachment, besides its repairs' (this plan: 14 in all; 3 with neither set-up
    // reporting, 10 with the stitch's only).
    expect(stitch.findIndex((f) => f > 0)).toBeGreaterThanOrEqual(12);
  });
});
