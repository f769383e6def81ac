import { describe, expect, it, vi } from 'vitest';
import { allocateWithPrices } from '../../src/cluster/allocate-with-prices.js';
import { accountPrices, candidateCosts, clusterTerritories, type ClusterContext } from '../../src/cluster/cluster-territories.js';
import { coarsenAccounts } from '../../src/cluster/coarsen.js';
import { nearestCenters } from '../../src/cluster/nearest-centers.js';
import { seedCenters } from '../../src/cluster/seed-centers.js';
import { delaunayGraph } from '../../src/geo/delaunay-graph.js';
import type { Problem } from '../../src/input/problem.js';
import { computeTargets } from '../../src/metrics/targets.js';
import { objective } from '../../src/rebalance/objective.js';
import { clusteredInstance, mulberry32, uniformInstance, withHomes } from '../support/instances.js';
import { maxDeviation, makeProblem } from '../rebalance/problems.js';

// Counts the problems clustered on units, and records what each round is given (centres, then prices).
const coarsened = vi.hoisted(() => ({ calls: 0 }));
const rounds = vi.hoisted(() => ({ on: false, log: [] as { n: number; centers?: Float64Array; pricesIn?: Float64Array; pricesOut?: Float64Array }[] }));
vi.mock('../../src/cluster/nearest-centers.js', async (original) => {
  const real = await original<typeof import('../../src/cluster/nearest-centers.js')>();
  return {
    ...real,
    nearestCenters: (...args: Parameters<typeof real.nearestCenters>) => {
      if (rounds.on) rounds.log.push({ n: args[1], centers: Float64Array.from(args[2]) });
      return real.nearestCenters(...args);
    },
  };
});
vi.mock('../../src/cluster/allocate-with-prices.js', async (original) => {
  const real = await original<typeof import('../../src/cluster/allocate-with-prices.js')>();
  return {
    ...real,
    allocateWithPrices: (...args: Parameters<typeof real.allocateWithPrices>) => {
      const entry = rounds.log[rounds.log.length - 1];
      if (rounds.on) entry.pricesIn = Float64Array.from(args[1].prices);
      const out = real.allocateWithPrices(...args);
      if (rounds.on) entry.pricesOut = Float64Array.from(args[1].prices);
      return out;
    },
  };
});
vi.mock('../../src/cluster/coarsen.js', async (original) => {
  const real = await original<typeof import('../../src/cluster/coarsen.js')>();
  return {
    ...real,
    coarsenAccounts: (...args: Parameters<typeof real.coarsenAccounts>) => {
      coarsened.calls++;
      return real.coarsenAccounts(...args);
    },
  };
});

const BALANCE = { balance: ['potential', 'workload'] };
const BAND = Float64Array.of(0.03, 0.03);

/** The stage's context as `solveProblem` builds it, with or without the graph. */
function context(problem: Problem, seed: number, withGraph: boolean): ClusterContext {
  const rand = mulberry32(seed);
  return {
    centers: seedCenters(problem, rand),
    targets: computeTargets(problem, new Uint8Array(problem.k)),
    fixed: new Int32Array(problem.n).fill(-1),
    closed: new Uint8Array(problem.k),
    candidates: 8,
    finalCandidates: 4,
    band: BAND,
    ...(withGraph ? { graph: delaunayGraph(problem.xyz, problem.n), rand } : {}),
  };
}

describe('clusterTerritories(problem, ctx) on units of neighbouring accounts', () => {
  it('starts on units with the graph and 150+ accounts a territory, and ends as balanced and about as compact', () => {
    // 300 accounts a territory. Measured over these 6 (uniform, then clustered, seeds 1-3): objective on units
    // over on accounts 1.019 / 1.003 / 1.013 / 0.916 / 1.002 / 0.978 (mean 0.989); max deviation on units
    // 0.029 / 0.026 / 0.025 / 0.044 / 0.024 / 0.061, on accounts 0.017 / 0.020 / 0.027 / 0.135 / 0.030 / 0.029.
    const ratios: number[] = [];
    for (const make of [uniformInstance, clusteredInstance]) {
      for (const seed of [1, 2, 3]) {
        const problem = makeProblem(make({ n: 3000, k: 10, seed }), BALANCE);
        coarsened.calls = 0;
        const ctx = context(problem, seed, true);
        const onUnits = clusterTerritories(problem, ctx);
        expect(coarsened.calls).toBe(1);
        const onAccounts = clusterTerritories(problem, { ...ctx, graph: undefined, rand: undefined });
        expect(coarsened.calls).toBe(1);
        expect(onUnits.assign.every((j) => j >= 0 && j < problem.k)).toBe(true);
        expect(maxDeviation(problem, onUnits.assign, ctx.targets)).toBeLessThan(0.1);
        const ratio = objective(problem, onUnits.assign, onUnits.centers) / objective(problem, onAccounts.assign, onAccounts.centers);
        expect(ratio).toBeLessThan(1.05);
        ratios.push(ratio);
      }
    }
    expect(ratios.reduce((s, r) => s + r, 0) / ratios.length).toBeLessThan(1.02);
  });

  it('stays on the accounts below 150 accounts a territory, with a distance limit, or without the graph', () => {
    coarsened.calls = 0;
    const few = makeProblem(uniformInstance({ n: 1400, k: 10, seed: 1 }), BALANCE);
    clusterTerritories(few, context(few, 1, true));
    const many = makeProblem(uniformInstance({ n: 1500, k: 10, seed: 1 }), BALANCE);
    clusterTerritories(many, context(many, 1, false));
    const limited = makeProblem(withHomes(uniformInstance({ n: 1500, k: 10, seed: 1 }), 10, 1), { ...BALANCE, maxDistanceKm: 2000 });
    clusterTerritories(limited, context(limited, 1, true));
    expect(coarsened.calls).toBe(0);
    // The control: the same 1,500 x 10 with its graph does go on units.
    clusterTerritories(many, context(many, 1, true));
    expect(coarsened.calls).toBe(1);
  });

  it("hands the accounts the allocation the units ended with: their centres, and prices in the accounts' terms", () => {
    // Measured (uniform / clustered, seeds 4 and 5): one allocation of the accounts at the centres and prices
    // the units' last allocation used puts 0.88 / 0.87 / 0.81 / 0.76 of them where their unit was; with the
    // units' prices unscaled, 0.57 / 0.53 / 0.36 / 0.28 (a unit's accounts differ in their measures, so no
    // prices make every account follow its unit).
    for (const make of [uniformInstance, clusteredInstance]) {
      for (const seed of [4, 5]) {
        const problem = makeProblem(make({ n: 3000, k: 10, seed }), BALANCE);
        const ctx = context(problem, seed, true);
        const units = coarsenAccounts(problem, { graph: ctx.graph!, fixed: ctx.fixed, targets: ctx.targets, levels: 3, rand: mulberry32(seed) });
        const first = clusterTerritories(units.problem, { ...ctx, fixed: units.fixed, graph: undefined, rounds: 20 });
        const projected = Int32Array.from(units.unitOf, (u) => first.assign[u]);
        // The units' last rounds and the accounts' rounds both run on the 4 nearest centres.
        const C = 4;
        const agreement = (p: Problem, prices: Float64Array, target: Int32Array, fixed: Int32Array) => {
          const candidates = nearestCenters(p.xyz, p.n, first.allocatedAt, p.k, C);
          const cost = candidateCosts(p, candidates, C, first.allocatedAt);
          const assign = allocateWithPrices(p, { candidates, count: C, cost, targets: ctx.targets, fixed, prices: Float64Array.from(prices), band: BAND, steps: 0 });
          return assign.filter((j, i) => j === target[i]).length / p.n;
        };
        // The prices fit the centres allocated at: the units' own allocation comes back.
        expect(agreement(units.problem, first.prices, first.assign, units.fixed)).toBeGreaterThan(0.95);
        const scaled = agreement(problem, accountPrices(first.prices, units.problem.n, problem.n), projected, ctx.fixed);
        const raw = agreement(problem, first.prices, projected, ctx.fixed);
        expect(scaled).toBeGreaterThan(0.7);
        expect(raw).toBeLessThan(0.65);
      }
    }
    // With one round, the centres allocated at are the ones given.
    const problem = makeProblem(uniformInstance({ n: 3000, k: 10, seed: 4 }), BALANCE);
    const ctx = context(problem, 4, false);
    expect(Array.from(clusterTerritories(problem, { ...ctx, rounds: 1 }).allocatedAt)).toEqual(Array.from(ctx.centers));
  });

  it('goes from the units to the accounts at the centres and prices of the units\' last allocation', () => {
    const problem = makeProblem(clusteredInstance({ n: 3000, k: 10, seed: 6 }), BALANCE);
    rounds.on = true;
    rounds.log.length = 0;
    const result = clusterTerritories(problem, context(problem, 6, true));
    rounds.on = false;
    const switchAt = rounds.log.findIndex((r) => r.n === problem.n);
    expect(switchAt).toBeGreaterThan(0);
    const lastOnUnits = rounds.log[switchAt - 1];
    const firstOnAccounts = rounds.log[switchAt];
    expect(lastOnUnits.n).toBeLessThan(problem.n / 4);
    expect(Array.from(firstOnAccounts.centers!)).toEqual(Array.from(lastOnUnits.centers!));
    expect(Array.from(firstOnAccounts.pricesIn!)).toEqual(Array.from(accountPrices(lastOnUnits.pricesOut!, lastOnUnits.n, problem.n)));
    // 20 rounds on units at most, then the accounts' rounds, all on the accounts from there.
    expect(switchAt).toBeLessThanOrEqual(20);
    expect(rounds.log.slice(switchAt).every((r) => r.n === problem.n)).toBe(true);
    expect(result.rounds).toBe(rounds.log.length);
  });

  it('keeps fixed accounts put, gives a closed rep nothing, and is a function of its seed', () => {
    const problem = makeProblem(uniformInstance({ n: 3000, k: 10, seed: 7 }), BALANCE);
    const fixed = new Int32Array(problem.n).fill(-1);
    const closed = new Uint8Array(10);
    closed[3] = 1;
    fixed[0] = 3;
    for (let i = 13; i < problem.n; i += 13) fixed[i] = (i / 13) % 10 === 3 ? 4 : (i / 13) % 10;
    const targets = computeTargets(problem, closed, fixed);
    const ctx = (seed: number) => ({ ...context(problem, seed, true), fixed, closed, targets });
    coarsened.calls = 0;
    const result = clusterTerritories(problem, ctx(7));
    expect(coarsened.calls).toBe(1);
    for (let i = 0; i < problem.n; i++) {
      if (fixed[i] >= 0) expect(result.assign[i]).toBe(fixed[i]);
      else expect([3, -1]).not.toContain(result.assign[i]);
    }
    expect(Array.from(clusterTerritories(problem, ctx(7)).assign)).toEqual(Array.from(result.assign));
  });

  it('reports progress that never falls and ends at 1; with too few rounds or past the deadline, stays on the accounts', () => {
    const problem = makeProblem(uniformInstance({ n: 3000, k: 10, seed: 5 }), BALANCE);
    const seen: number[] = [];
    const result = clusterTerritories(problem, { ...context(problem, 5, true), checkpoint: (f) => seen.push(f) });
    expect(seen.length).toBeGreaterThanOrEqual(result.rounds + 2);
    expect(seen.every((f, p) => f >= 0 && f <= 1 && (p === 0 || f >= seen[p - 1]))).toBe(true);
    expect(seen[seen.length - 1]).toBe(1);
    coarsened.calls = 0;
    for (const ctx of [{ rounds: 1 }, { deadline: Date.now() - 1 }]) {
      const one = clusterTerritories(problem, { ...context(problem, 5, true), ...ctx });
      expect(one.rounds).toBe(1);
      expect(one.assign.every((j) => j >= 0 && j < problem.k)).toBe(true);
    }
    expect(coarsened.calls).toBe(0);
    // Two rounds: one on the units, one on the accounts, and every account placed.
    const two = clusterTerritories(problem, { ...context(problem, 5, true), rounds: 2 });
    expect(coarsened.calls).toBe(1);
    expect(two.rounds).toBe(2);
    expect(two.assign.every((j) => j >= 0 && j < problem.k)).toBe(true);
  });
});
