import { describe, expect, it } from 'vitest';
import { allocateWithPrices, type AllocationContext } from '../../src/cluster/allocate-with-prices.js';
import { candidateCosts } from '../../src/cluster/cluster-territories.js';
import { nearestCenters } from '../../src/cluster/nearest-centers.js';
import { seedCenters } from '../../src/cluster/seed-centers.js';
import type { Problem } from '../../src/input/problem.js';
import { computeTargets } from '../../src/metrics/targets.js';
import { clusteredInstance, mulberry32, uniformInstance } from '../support/instances.js';
import { makeProblem } from '../rebalance/problems.js';

/**
 * The price loop written out plainly, one measure at a time, as `allocateWithPrices` documents it: each free
 * account to the candidate minimising cost + sum_b price_jb x value_ib / mean_b, then Rprop-style price steps.
 * The engine unrolls the two-measure case and keeps account-major copies of the measures; it must give the
 * same assignment and prices to the last bit.
 */
function referenceAllocation(problem: Problem, ctx: AllocationContext): Int32Array {
  const { n, k, measures } = problem;
  const B = measures.length;
  const { candidates, count: C, cost, targets, fixed, prices, band, steps } = ctx;
  const unit = measures.map((m) => (m.total > 0 ? n / m.total : 0));
  let costSum = 0;
  let unitSum = 0;
  for (let i = 0; i < n; i++) {
    if (fixed[i] >= 0) continue;
    costSum += cost[i * C];
    for (let b = 0; b < B; b++) unitSum += (measures[b].values[i] * unit[b]) / B;
  }
  const eta = unitSum > 0 ? (2 * costSum) / unitSum : 0;
  const scale = new Float64Array(k * B).fill(1);
  const lastSign = new Int8Array(k * B);
  const assign = new Int32Array(n);
  for (let step = 0; step <= steps; step++) {
    const load = new Float64Array(k * B);
    for (let i = 0; i < n; i++) {
      let best = fixed[i];
      if (best < 0) {
        let bestCost = Infinity;
        for (let c = 0; c < C; c++) {
          const j = candidates[i * C + c];
          if (j < 0) break;
          let value = cost[i * C + c];
          for (let b = 0; b < B; b++) value += prices[j * B + b] * (measures[b].values[i] * unit[b]);
          if (value < bestCost) {
            bestCost = value;
            best = j;
          }
        }
      }
      if (best < 0) best = candidates[i * C];
      assign[i] = best;
      for (let b = 0; b < B; b++) load[best * B + b] += measures[b].values[i];
    }
    if (step === steps || eta === 0) break;
    let worst = 0;
    for (let j = 0; j < k; j++) {
      for (let b = 0; b < B; b++) {
        const t = targets[j * B + b];
        if (!(t > 0)) continue;
        const error = load[j * B + b] / t - 1;
        worst = Math.max(worst, Math.abs(error) / band[b]);
        const sign = error > 0 ? 1 : error < 0 ? -1 : 0;
        const p = j * B + b;
        if (sign !== 0 && sign === -lastSign[p]) scale[p] *= 0.5;
        else if (sign !== 0) scale[p] = Math.min(4, scale[p] * 1.1);
        lastSign[p] = sign;
        prices[p] += eta * scale[p] * Math.max(-1, Math.min(1, error));
      }
    }
    if (worst <= 1) break;
  }
  return assign;
}

describe('allocateWithPrices against the loop written out plainly', () => {
  // 12 reps with 6 candidates each, and 4 reps with 6 candidate slots (the last two padded with -1).
  for (const [balance, k] of [[['potential'], 12], [['potential', 'workload'], 12], [['potential', 'workload', 'accounts'], 12], [['potential', 'workload'], 4]] as const) {
    it(`gives the same assignment and prices to the last bit with ${balance.length} measure(s) (clustered 2,000 x ${k}, 6 candidate slots, 40 steps)`, () => {
      const problem = makeProblem(clusteredInstance({ n: 2000, k, seed: 17 }), { balance: [...balance] });
      const B = problem.measures.length;
      const centers = seedCenters(problem, mulberry32(5));
      const C = 6;
      const candidates = nearestCenters(problem.xyz, problem.n, centers, problem.k, C);
      if (k < C) expect(candidates.includes(-1)).toBe(true);
      const fixed = Int32Array.from({ length: problem.n }, (_, i) => (i % 97 === 0 ? i % problem.k : -1));
      const base = {
        candidates,
        count: C,
        cost: candidateCosts(problem, candidates, C, centers),
        targets: computeTargets(problem, new Uint8Array(problem.k)),
        fixed,
        band: new Float64Array(B).fill(0.01),
        steps: 40,
      };
      const engine = { ...base, prices: new Float64Array(problem.k * B) };
      const written = { ...base, prices: new Float64Array(problem.k * B) };
      expect(Array.from(allocateWithPrices(problem, engine))).toEqual(Array.from(referenceAllocation(problem, written)));
      expect(Array.from(engine.prices)).toEqual(Array.from(written.prices));
      expect(engine.prices.some((p) => p !== 0)).toBe(true);
    });
  }

  it('gives the same to the last bit with tied candidates, zero measures and big warm-start prices (the skip rule\'s edge cases)', () => {
    const input = clusteredInstance({ n: 1500, k: 10, seed: 23 });
    // A third of the accounts stacked on a few spots (candidates tied on distance), some with zero measures.
    const accounts = input.accounts.map((a, i) => (i % 3 === 0 ? { ...a, lat: input.accounts[i % 7].lat, lon: input.accounts[i % 7].lon } : a));
    for (let i = 0; i < accounts.length; i += 11) accounts[i] = { ...accounts[i], potential: 0, workload: 0 };
    const problem = makeProblem({ ...input, accounts }, { balance: ['potential', 'workload'] });
    const centers = seedCenters(problem, mulberry32(3));
    // Two centres at one spot: every account near them has two candidates at the same cost.
    centers.copyWithin(3, 0, 3);
    const C = 5;
    const candidates = nearestCenters(problem.xyz, problem.n, centers, problem.k, C);
    const base = {
      candidates,
      count: C,
      cost: candidateCosts(problem, candidates, C, centers),
      targets: computeTargets(problem, new Uint8Array(problem.k)),
      fixed: new Int32Array(problem.n).fill(-1),
      band: new Float64Array(2).fill(0.001),
      steps: 80,
    };
    // Prices far larger than the steps, so that a step is rounded to the prices' ulp.
    const warm = Float64Array.from({ length: problem.k * 2 }, (_, p) => (p % 3 === 0 ? 1e7 : -3e6) + p);
    const engine = { ...base, prices: Float64Array.from(warm) };
    const written = { ...base, prices: Float64Array.from(warm) };
    expect(Array.from(allocateWithPrices(problem, engine))).toEqual(Array.from(referenceAllocation(problem, written)));
    expect(Array.from(engine.prices)).toEqual(Array.from(written.prices));
    expect(engine.prices.some((p, i) => p !== warm[i])).toBe(true);
  });
});

describe('allocateWithPrices skips accounts whose choice cannot have changed', () => {
  it('reads fewer than half the candidate costs a full scan of every step reads (uniform 3,000 x 10, 60 steps)', () => {
    const problem = makeProblem(uniformInstance({ n: 3000, k: 10, seed: 4 }), { balance: ['potential', 'workload'] });
    const centers = seedCenters(problem, mulberry32(9));
    const C = 4;
    const candidates = nearestCenters(problem.xyz, problem.n, centers, problem.k, C);
    const plain = candidateCosts(problem, candidates, C, centers);
    let reads = 0;
    // Counts the engine's reads of the costs (a Proxy: slow, but the same values).
    const cost = new Proxy(plain, {
      get(target, key) {
        if (typeof key === 'string' && /^\d+$/.test(key)) reads++;
        const value = Reflect.get(target, key, target);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const ctx = { candidates, count: C, cost, targets: computeTargets(problem, new Uint8Array(problem.k)), fixed: new Int32Array(problem.n).fill(-1), band: new Float64Array(2).fill(1e-6), steps: 60 };
    const skipped = allocateWithPrices(problem, { ...ctx, prices: new Float64Array(problem.k * 2) });
    // The band is out of reach, so every one of the 61 passes runs.
    const full = 61 * problem.n * C;
    expect(reads).toBeLessThan(0.5 * full);
    expect(reads).toBeGreaterThan(0);
    expect(Array.from(skipped)).toEqual(Array.from(referenceAllocation(problem, { ...ctx, cost: plain, prices: new Float64Array(problem.k * 2) })));
  });
});
