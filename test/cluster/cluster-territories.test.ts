import { beforeAll, describe, expect, it } from 'vitest';
import { allocateWithPrices } from '../../src/cluster/allocate-with-prices.js';
import { candidateCosts, clusterTerritories } from '../../src/cluster/cluster-territories.js';
import { nearestCenters } from '../../src/cluster/nearest-centers.js';
import { seedCenters } from '../../src/cluster/seed-centers.js';
import type { Problem } from '../../src/input/problem.js';
import { computeTargets } from '../../src/metrics/targets.js';
import { mulberry32, uniformInstance, withHomes } from '../support/instances.js';
import { chordTo, counts, makeProblem, maxDeviation, nearestAllocation } from '../rebalance/problems.js';

const K = 10;
const C = 4;
let problem: Problem;
let seeds: Float64Array;
let targets: Float64Array;

beforeAll(() => {
  problem = makeProblem(uniformInstance({ n: 1000, k: K, seed: 5 }), { balance: ['potential'] });
  seeds = seedCenters(problem, mulberry32(3));
  targets = computeTargets(problem, new Uint8Array(K));
});

function context(centers: Float64Array, steps: number, fixed = new Int32Array(problem.n).fill(-1)) {
  const candidates = nearestCenters(problem.xyz, problem.n, centers, K, C);
  return {
    candidates,
    count: C,
    cost: candidateCosts(problem, candidates, C, centers),
    targets,
    fixed,
    prices: new Float64Array(K),
    band: Float64Array.of(0.03),
    steps,
  };
}

describe('candidateCosts(problem, candidates, C, centers)', () => {
  it('is the weight times the squared chord distance to each candidate, Infinity for -1 pads', () => {
    const candidates = Int32Array.of(0, 3, -1, 2, 1, 0);
    const cost = candidateCosts(problem, candidates, 3, seeds);
    expect(cost[0]).toBeCloseTo(problem.weight[0] * chordTo(problem, seeds, 0, 0), 15);
    expect(cost[1]).toBeCloseTo(problem.weight[0] * chordTo(problem, seeds, 0, 3), 15);
    expect(cost[2]).toBe(Infinity);
    expect(cost[4]).toBeCloseTo(problem.weight[1] * chordTo(problem, seeds, 1, 1), 15);
  });
});

describe('allocateWithPrices(problem, ctx)', () => {
  it('with 0 steps and zero prices is the plain nearest-centre allocation', () => {
    const assign = allocateWithPrices(problem, context(seeds, 0));
    expect(Array.from(assign)).toEqual(Array.from(nearestAllocation(problem, seeds)));
  });

  it('brings the max deviation far below the nearest-centre allocation on the same centres (1,000 x 10)', () => {
    // Centres of one Lloyd pass, so that the nearest-centre cells are reasonable and the gap is the prices'.
    const centers = clusterTerritories(problem, { centers: seeds, targets, fixed: new Int32Array(problem.n).fill(-1), closed: new Uint8Array(K), candidates: C, band: Float64Array.of(0.03), rounds: 1, steps: 0 }).centers;
    const plain = maxDeviation(problem, nearestAllocation(problem, centers), targets);
    const ctx = context(centers, 300);
    const priced = maxDeviation(problem, allocateWithPrices(problem, ctx), targets);
    expect(plain).toBeGreaterThan(0.15);
    expect(priced).toBeLessThan(0.05);
    expect(priced).toBeLessThan(plain / 3);
    // The prices moved: over-target territories got dearer.
    expect(ctx.prices.some((p) => p !== 0)).toBe(true);
  });

  it('keeps every fixed account on its territory, even one outside its candidates', () => {
    const fixed = new Int32Array(problem.n).fill(-1);
    const far = nearestAllocation(problem, seeds).map((j) => (j + 5) % K);
    for (let i = 0; i < problem.n; i += 7) fixed[i] = far[i];
    const assign = allocateWithPrices(problem, context(seeds, 60, fixed));
    for (let i = 0; i < problem.n; i++) if (fixed[i] >= 0) expect(assign[i]).toBe(fixed[i]);
  });

  it('only assigns free accounts to one of their candidates', () => {
    const ctx = context(seeds, 60);
    const assign = allocateWithPrices(problem, ctx);
    for (let i = 0; i < problem.n; i++) {
      expect(Array.from(ctx.candidates.subarray(i * C, (i + 1) * C))).toContain(assign[i]);
    }
  });
});

describe('clusterTerritories(problem, ctx)', () => {
  it('ends far closer to balance than nearest-centre allocation on the seeds or on its own centres (1,000 x 10)', () => {
    const result = clusterTerritories(problem, { centers: seeds, targets, fixed: new Int32Array(problem.n).fill(-1), closed: new Uint8Array(K), candidates: C, band: Float64Array.of(0.03) });
    const clustered = maxDeviation(problem, result.assign, targets);
    const onSeeds = maxDeviation(problem, nearestAllocation(problem, seeds), targets);
    const onOwnCenters = maxDeviation(problem, nearestAllocation(problem, result.centers), targets);
    expect(clustered).toBeLessThan(0.06);
    expect(clustered).toBeLessThan(onSeeds / 5);
    expect(clustered).toBeLessThan(onOwnCenters / 2);
    expect(result.rounds).toBeGreaterThanOrEqual(1);
    expect(result.assign.every((j) => j >= 0 && j < K)).toBe(true);
  });

  it('runs only its first round once the deadline has passed, still placing every account', () => {
    const ctx = { centers: seeds, targets, fixed: new Int32Array(problem.n).fill(-1), closed: new Uint8Array(K), candidates: C, band: Float64Array.of(0.03) };
    const late = clusterTerritories(problem, { ...ctx, deadline: Date.now() - 1 });
    expect(late.rounds).toBe(1);
    expect(late.assign.every((j) => j >= 0 && j < K)).toBe(true);
    expect(clusterTerritories(problem, { ...ctx, deadline: Date.now() + 60_000 }).rounds).toBeGreaterThan(1);
  });

  it('keeps fixed accounts put and gives a closed rep no free account', () => {
    const fixed = new Int32Array(problem.n).fill(-1);
    const closed = new Uint8Array(K);
    closed[2] = 1;
    // Account 0 is pinned on the closed rep; every 11th account is locked to a rep that is not its nearest.
    fixed[0] = 2;
    for (let i = 11; i < problem.n; i += 11) fixed[i] = (i / 11) % K === 2 ? 3 : (i / 11) % K;
    const t = computeTargets(problem, closed, fixed);
    const result = clusterTerritories(problem, { centers: seeds, targets: t, fixed, closed, candidates: C, band: Float64Array.of(0.03) });
    for (let i = 0; i < problem.n; i++) {
      if (fixed[i] >= 0) expect(result.assign[i]).toBe(fixed[i]);
      else expect(result.assign[i]).not.toBe(2);
    }
    expect(counts(result.assign, K)[2]).toBe(1);
  });

  it('returns as centres the weighted mean direction of each territory, homes pinned', () => {
    const p = makeProblem(withHomes(uniformInstance({ n: 300, k: 6, seed: 9 }), 2, 9), { balance: ['potential', 'workload'] });
    const t = computeTargets(p, new Uint8Array(6));
    const result = clusterTerritories(p, { centers: seedCenters(p, mulberry32(9)), targets: t, fixed: new Int32Array(p.n).fill(-1), closed: new Uint8Array(6), candidates: 3, band: Float64Array.of(0.03, 0.03) });
    for (let j = 0; j < 6; j++) {
      const c = Array.from(result.centers.subarray(3 * j, 3 * j + 3));
      if (p.hasHome[j]) {
        expect(c).toEqual(Array.from(p.homeXyz.subarray(3 * j, 3 * j + 3)));
        continue;
      }
      const sum = [0, 0, 0];
      for (let i = 0; i < p.n; i++) if (result.assign[i] === j) for (let d = 0; d < 3; d++) sum[d] += p.weight[i] * p.xyz[3 * i + d];
      const r = Math.hypot(...sum);
      for (let d = 0; d < 3; d++) expect(c[d]).toBeCloseTo(sum[d] / r, 12);
    }
  });

  it('does not mutate the centres it is given, and stops after `rounds` rounds', () => {
    const copy = Float64Array.from(seeds);
    const result = clusterTerritories(problem, { centers: seeds, targets, fixed: new Int32Array(problem.n).fill(-1), closed: new Uint8Array(K), candidates: C, band: Float64Array.of(0.03), rounds: 2 });
    expect(Array.from(seeds)).toEqual(Array.from(copy));
    expect(result.rounds).toBe(2);
  });
});

describe('clusterTerritories(problem, ctx) with a checkpoint', () => {
  const base = () => ({ centers: seeds, targets, fixed: new Int32Array(problem.n).fill(-1), closed: new Uint8Array(K), candidates: C, band: Float64Array.of(0.03) });

  it('is called at least once per round with fractions in [0, 1] that never fall, ending at 1', () => {
    const seen: number[] = [];
    const result = clusterTerritories(problem, { ...base(), checkpoint: (f: number) => seen.push(f) });
    expect(seen.length).toBeGreaterThanOrEqual(result.rounds + 1);
    expect(seen.every((f, p) => f >= 0 && f <= 1 && (p === 0 || f >= seen[p - 1]))).toBe(true);
    expect(seen[seen.length - 1]).toBe(1);
  });

  it('stops with the error a throwing checkpoint raises, in the first round or a later one', () => {
    const abort = new Error('aborted by the caller');
    expect(() => clusterTerritories(problem, { ...base(), checkpoint: () => { throw abort; } })).toThrow(abort);
    let calls = 0;
    expect(() => clusterTerritories(problem, { ...base(), checkpoint: () => { if (++calls === 3) throw abort; } })).toThrow(abort);
    expect(calls).toBe(3);
  });
});
