import { describe, expect, it } from 'vitest';
import { splitRegions } from '../../src/scale/split-regions.js';
import { subProblem } from '../../src/scale/sub-problem.js';
import { delaunayGraph } from '../../src/geo/delaunay-graph.js';
import { clusteredInstance, uniformInstance, withHomes } from '../support/instances.js';
import { makeProblem } from '../rebalance/problems.js';
import type { Problem } from '../../src/input/problem.js';
import type { TerritoryInput } from '../../src/types.js';

const BALANCE = { balance: ['potential', 'workload'] };

/** Reps with capacities 0.5, 1 and 1.5 in turn, so a region's share is not its rep count's. */
function mixedCapacities(input: TerritoryInput): TerritoryInput {
  return { ...input, reps: input.reps.map((r, j) => ({ ...r, capacity: [0.5, 1, 1.5][j % 3] })) };
}

/** Per region and measure: its total over its capacity share of the whole, minus 1 (written out here). */
function regionOffsets(problem: Problem, accountRegion: Int32Array, repRegion: Int32Array, count: number): number[][] {
  let capAll = 0;
  for (let j = 0; j < problem.k; j++) capAll += problem.capacity[j];
  return Array.from({ length: count }, (_, r) => {
    let cap = 0;
    for (let j = 0; j < problem.k; j++) if (repRegion[j] === r) cap += problem.capacity[j];
    return problem.measures.map((m) => {
      let total = 0;
      for (let i = 0; i < problem.n; i++) if (accountRegion[i] === r) total += m.values[i];
      return total / ((m.total * cap) / capAll) - 1;
    });
  });
}

describe('splitRegions', () => {
  it('cuts 20,000 accounts x 100 reps into 4 regions of 25 reps, each holding its capacity share of every measure to 0.05% per cut (two cuts: 0.1%)', () => {
    const problem = makeProblem(mixedCapacities(uniformInstance({ n: 20_000, k: 100, seed: 3 })), BALANCE);
    const regions = splitRegions(problem, 25);
    expect(regions.count).toBe(4);
    for (let r = 0; r < 4; r++) expect(Array.from(regions.repRegion).filter((x) => x === r)).toHaveLength(25);
    for (const offsets of regionOffsets(problem, regions.accountRegion, regions.repRegion, regions.count)) {
      for (const o of offsets) expect(Math.abs(o)).toBeLessThan(2 * 5e-4 * 1.01);
    }
  });

  it('draws compact regions: at least 95% of the Delaunay edges at a region account stay inside its region', () => {
    // A cut by anything but geography would keep about 1 edge in count (here 4 regions: ~25-50%).
    for (const input of [uniformInstance({ n: 8000, k: 60, seed: 5 }), clusteredInstance({ n: 8000, k: 60, seed: 6 })]) {
      const problem = makeProblem(input, BALANCE);
      const { accountRegion } = splitRegions(problem, 15);
      const graph = delaunayGraph(problem.xyz, problem.n);
      let inside = 0;
      for (let i = 0; i < problem.n; i++) {
        for (let e = graph.offsets[i]; e < graph.offsets[i + 1]; e++) if (accountRegion[graph.neighbors[e]] === accountRegion[i]) inside++;
      }
      expect(inside / graph.neighbors.length).toBeGreaterThan(0.95);
    }
  });

  it('keeps each locked account with its rep, and most reps with a home in the region around it', () => {
    const base = withHomes(uniformInstance({ n: 6000, k: 48, seed: 8 }), 24, 9);
    const input = { ...base, accounts: base.accounts.map((a, i) => (i % 97 === 0 ? { ...a, lockedRepId: base.reps[i % 48].id } : a)) };
    const problem = makeProblem(input, BALANCE);
    const regions = splitRegions(problem, 12);
    for (let i = 0; i < problem.n; i++) {
      if (problem.locked[i] >= 0) expect(regions.accountRegion[i]).toBe(regions.repRegion[problem.locked[i]]);
    }
    // The home's nearest account lies in the rep's region for most homes (a home next to a cut may spill).
    let home = 0;
    let kept = 0;
    for (let j = 0; j < problem.k; j++) {
      if (!problem.hasHome[j]) continue;
      let best = -1;
      let bestD = Infinity;
      for (let i = 0; i < problem.n; i++) {
        let d = 0;
        for (let c = 0; c < 3; c++) d += (problem.xyz[3 * i + c] - problem.homeXyz[3 * j + c]) ** 2;
        if (d < bestD) [best, bestD] = [i, d];
      }
      home++;
      if (regions.accountRegion[best] === regions.repRegion[j]) kept++;
    }
    expect(kept / home).toBeGreaterThanOrEqual(0.8);
  });

  it('leaves a problem with few enough reps whole, and splits accounts all at one spot evenly', () => {
    const small = makeProblem(uniformInstance({ n: 500, k: 10, seed: 1 }), BALANCE);
    expect(splitRegions(small, 10).count).toBe(1);
    const spot = makeProblem({ accounts: Array.from({ length: 400 }, (_, i) => ({ id: `a${i}`, lat: 40, lon: -100, potential: 1 })), reps: Array.from({ length: 8 }, (_, j) => ({ id: `r${j}` })) });
    const regions = splitRegions(spot, 2);
    expect(regions.count).toBe(4);
    for (let r = 0; r < 4; r++) expect(Array.from(regions.accountRegion).filter((x) => x === r)).toHaveLength(100);
  });
});

describe('splitRegions(turned about the pole)', () => {
  it.each([137, 150, 250])('cuts the same regions when every longitude is shifted by %i degrees, homes too', (degrees) => {
    const input = withHomes(clusteredInstance({ n: 3000, k: 40, seed: 9 }), 10, 9);
    // 150 and 250 flipped a cut's sides when the power iteration started on the widest coordinate axis.
    const turn = (lon: number) => ((((lon + degrees + 180) % 360) + 360) % 360) - 180;
    const turned: TerritoryInput = {
      accounts: input.accounts.map((a) => ({ ...a, lon: turn(a.lon) })),
      reps: input.reps.map((r) => (r.home ? { ...r, home: { lat: r.home.lat, lon: turn(r.home.lon) } } : r)),
    };
    const regionsOf = (source: TerritoryInput) => {
      const problem = makeProblem(source, BALANCE);
      const split = splitRegions(problem, 13);
      // Each region as its sorted account ids, the list sorted: independent of how regions are numbered.
      const groups = Array.from({ length: split.count }, () => [] as string[]);
      for (let i = 0; i < problem.n; i++) groups[split.accountRegion[i]].push(problem.accountIds[i]);
      return groups.map((g) => g.sort().join(',')).sort();
    };
    const before = regionsOf(input);
    expect(before.length).toBeGreaterThan(2);
    expect(regionsOf(turned)).toEqual(before);
  });
});

describe('subProblem', () => {
  it('restricts accounts and reps, keeps distance weights, maps locks and incumbents to local reps', () => {
    const base = uniformInstance({ n: 30, k: 4, seed: 2 });
    const input = {
      accounts: base.accounts.map((a, i) => ({ ...a, ...(i === 3 ? { lockedRepId: 'r2' } : {}), ...(i === 5 ? { currentRepId: 'r0' } : {}) })),
      reps: base.reps.map((r, j) => ({ ...r, capacity: j + 1 })),
    };
    const problem = makeProblem(input, BALANCE);
    expect(problem.repIds[2]).toBe('r2');
    // The problem holds accounts in id order; pick a3, a5 and a7 by id.
    const [i3, i5, i7] = ['a3', 'a5', 'a7'].map((id) => problem.accountIds.indexOf(id));
    const part = subProblem(problem, Int32Array.of(i3, i5, i7), Int32Array.of(2, 3), [0.04, 0.03]);
    expect([part.n, part.k]).toEqual([3, 2]);
    expect(part.accountIds).toEqual(['a3', 'a5', 'a7']);
    expect(Array.from(part.inputIndex)).toEqual([3, 5, 7]);
    expect(Array.from(part.weight)).toEqual([problem.weight[i3], problem.weight[i5], problem.weight[i7]]);
    expect(Array.from(part.locked)).toEqual([0, -1, -1]);
    // r0 is not in the region: the incumbent is forgotten.
    expect(Array.from(part.current)).toEqual([-1, -1, -1]);
    expect(Array.from(part.share)).toEqual([3 / 7, 4 / 7]);
    expect(part.measures.map((m) => m.tolerance)).toEqual([0.04, 0.03]);
    expect(part.measures[0].total).toBeCloseTo(problem.measures[0].values[i3] + problem.measures[0].values[i5] + problem.measures[0].values[i7], 9);
  });
});
