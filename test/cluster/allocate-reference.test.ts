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

/** A bare problem of n accounts and k territories with the given measure columns (all the loop reads). */
function bareProblem(n: number, k: number, columns: number[][]): Problem {
  const measures = columns.map((values, b) => ({ name: `m${b}`, tolerance: 0.05, values: Float64Array.from(values), total: values.reduce((a, v) => a + v, 0) }));
  return { n, k, measures } as unknown as Problem;
}

/** Runs the engine and the plain loop from the same warm prices; both results, to compare to the bit. */
function bothWays(problem: Problem, base: Omit<AllocationContext, 'prices'>, warm: ArrayLike<number>) {
  const engine = { ...base, prices: Float64Array.from(warm) };
  const written = { ...base, prices: Float64Array.from(warm) };
  const assign = [Array.from(allocateWithPrices(problem, engine)), Array.from(referenceAllocation(problem, written))];
  return { assign, prices: [Array.from(engine.prices), Array.from(written.prices)] };
}

describe('the skip rule at the edges of floating point (cases a review found), against the plain loop', () => {
  it('scans again an account whose rival overflowed to Infinity (costs near 1.8e308)', () => {
    for (const B of [1, 2, 3]) {
      // Account 0's second candidate costs 1.2e308 and its price is 0.7e308: the value overflows, yet the
      // true margin (about 1e308) closes as the prices move.
      const problem = bareProblem(2, 2, Array.from({ length: B }, () => [1, 1]));
      const targets = Float64Array.from({ length: 2 * B }, (_, p) => (p < B ? 0.5 : 10));
      const warm = Array.from({ length: 2 * B }, (_, p) => (p < B ? 0.8e308 : 0.7e308) / B);
      for (let steps = 1; steps <= 12; steps++) {
        const base = { candidates: Int32Array.of(0, 1, 0, -1), count: 2, cost: Float64Array.of(0, 1.2e308, 1e307, Infinity), targets, fixed: new Int32Array(2).fill(-1), band: new Float64Array(B).fill(1e-9), steps };
        const { assign, prices } = bothWays(problem, base, warm);
        expect(assign[0]).toEqual(assign[1]);
        expect(prices[0]).toEqual(prices[1]);
      }
    }
  });

  it('keeps an absolute allowance for subnormal costs and prices, whose rounding is not relative', () => {
    const cases = [
      { columns: [[2, 5]], candidates: [1, 0, 0, 1], cost: [1e-323, 1e-323, 0, 0], warm: [1e-323, 1e-323] },
      { columns: [[2, 5], [2, 5]], candidates: [1, 0, 1, 0], cost: [1e-323, 1e-323, 5e-324, 5e-324], warm: [1e-323, -5e-324, -1e-323, 0] },
    ];
    for (const c of cases) {
      const problem = bareProblem(2, 2, c.columns);
      const B = c.columns.length;
      const targets = Float64Array.from({ length: 2 * B }, (_, p) => problem.measures[p % B].total / 2);
      const base = { candidates: Int32Array.from(c.candidates), count: 2, cost: Float64Array.from(c.cost), targets, fixed: new Int32Array(2).fill(-1), band: new Float64Array(B).fill(1e-9), steps: 2 };
      const { assign, prices } = bothWays(problem, base, c.warm);
      expect(assign[0]).toEqual(assign[1]);
      expect(prices[0]).toEqual(prices[1]);
    }
  });

  it('keeps the relative allowance: costs of 3e100 with prices climbing past 1e100 (57 steps)', () => {
    const problem = bareProblem(3, 3, [[0.4965613018721342, 1e6, 1e6]]);
    const base = {
      candidates: Int32Array.of(1, 0, 2, 0, 0, 1),
      count: 2,
      cost: Float64Array.of(3.0000000000000002e100, 3.0000000000000002e100, 0, 0, 3.0000000000000002e100, 3.0000000000000002e100),
      targets: Float64Array.of(0.6784919630736113, 0.5732812900096178, 0),
      fixed: new Int32Array(3).fill(-1),
      band: Float64Array.of(0.2),
      steps: 57,
    };
    const { assign, prices } = bothWays(problem, base, [891778.287710622, -1141586.3607544452, -714694.0531674773]);
    expect(assign[0]).toEqual(assign[1]);
    expect(prices[0]).toEqual(prices[1]);
  });

  it('agrees with the plain loop on 1,500 small random problems from 1e-320 to 1e300 (seeded)', () => {
    const rand = mulberry32(2026);
    const pick = <T,>(list: T[]) => list[Math.floor(rand() * list.length)];
    let mismatches = 0;
    for (let t = 0; t < 1500; t++) {
      const n = 1 + Math.floor(rand() * 12);
      const k = 1 + Math.floor(rand() * 5);
      const B = pick([1, 2, 2, 3]);
      const C = 1 + Math.floor(rand() * (k + 1));
      const costScale = pick([0, 1e-320, 1e-300, 1e-8, 1, 1e6, 1e15, 1e100, 1e300]);
      const columns = Array.from({ length: B }, () => Array.from({ length: n }, () => pick([0, 0, 1, 0.3, 7, rand(), 100 * rand(), 1e6, 1e-300, 5e-324])));
      const candidates = new Int32Array(n * C).fill(-1);
      const cost = new Float64Array(n * C);
      for (let i = 0; i < n; i++) {
        const order = Array.from({ length: k }, (_, j) => j).sort(() => rand() - 0.5);
        const slots = rand() < 0.2 ? Math.floor(rand() * C) : C;
        for (let c = 0; c < Math.min(slots, k); c++) {
          candidates[i * C + c] = order[c];
          // Repeated costs make ties between candidates.
          cost[i * C + c] = c > 0 && rand() < 0.3 ? cost[i * C + c - 1] : Math.floor(rand() * 4) * costScale;
        }
      }
      const targets = Float64Array.from({ length: k * B }, () => (rand() < 0.1 ? 0 : pick([1, 2, 0.5, 3, 1e-300, 1e300]) * (0.5 + rand())));
      const fixed = Int32Array.from({ length: n }, () => (rand() < 0.1 ? Math.floor(rand() * k) : -1));
      const priceScale = pick([0, 1, 1e-320, 1e6, 1e15, 1e100, 1e300]);
      const warm = Array.from({ length: k * B }, () => (rand() < 0.3 ? 0 : (rand() - 0.5) * priceScale * (1 + Math.floor(rand() * 5))));
      const base = { candidates, count: C, cost, targets, fixed, band: new Float64Array(B).fill(pick([1e-9, 0.01, 0.2])), steps: 1 + Math.floor(rand() * 60) };
      const { assign, prices } = bothWays(bareProblem(n, k, columns), base, warm);
      const same = assign[0].every((j, i) => j === assign[1][i]) && prices[0].every((p, i) => Object.is(p, prices[1][i]));
      if (!same) mismatches++;
    }
    expect(mismatches).toBe(0);
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
