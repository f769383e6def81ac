import { beforeAll, describe, expect, it } from 'vitest';
import { seedCenters } from '../../src/cluster/seed-centers.js';
import { computeCenters } from '../../src/geo/centers.js';
import type { Problem } from '../../src/input/problem.js';
import { computeTargets } from '../../src/metrics/targets.js';
import { solveAccountLp } from '../../src/rebalance/account-lp.js';
import { solveWithJsLpSolver, type LpSolve } from '../../src/rebalance/lp-adapter.js';
import { mulberry32, uniformInstance } from '../support/instances.js';
import { bandExcess, counts, makeProblem, nearestAllocation } from './problems.js';

const K = 6;
const CLOSED = 5;
let problem: Problem;
let plan: Int32Array;
let centers: Float64Array;
let targets: Float64Array;
/** The targets of the open reps only (the closed rep's rows zeroed), for measuring deviations. */
let openTargets: Float64Array;
let closed: Uint8Array;
let free: number[];
const band = Float64Array.of(0.05, 0.05);
const lpBand = Float64Array.of(0.03, 0.03);

beforeAll(() => {
  problem = makeProblem(uniformInstance({ n: 200, k: K, seed: 17 }), { balance: ['potential', 'workload'] });
  closed = new Uint8Array(K);
  closed[CLOSED] = 1;
  // Plain nearest-centre allocation after one Lloyd step: compact, far out of balance.
  const seeds = seedCenters(problem, mulberry32(2));
  centers = computeCenters(problem, nearestAllocation(problem, seeds, closed), seeds);
  plan = nearestAllocation(problem, centers, closed);
  centers = computeCenters(problem, plan, centers);
  targets = computeTargets(problem, closed, plan);
  openTargets = Float64Array.from(targets, (t, p) => (Math.floor(p / 2) === CLOSED ? 0 : t));
  free = [];
  for (let i = 0; i < problem.n; i++) if (i % 10 !== 0) free.push(i);
});

describe('solveAccountLp(problem, ctx)', () => {
  it('brings a nearest-centre plan of 200 accounts much closer to the band, on both measures', () => {
    const before = bandExcess(problem, plan, openTargets, band);
    const result = solveAccountLp(problem, { assign: plan, free, centers, candidates: 4, closed, targets, band: lpBand, solve: solveWithJsLpSolver, timeLimitMs: 20_000 });
    expect(result.lp.status).toBe('optimal');
    // The LP itself met every band row (the rows are elastic: a miss would show here).
    expect(result.violation).toBeLessThan(1e-6);
    expect(before).toBeGreaterThan(1);
    expect(bandExcess(problem, result.assign, openTargets, band)).toBeLessThan(before / 3);
    for (const b of [0, 1]) {
      expect(bandExcess(problem, result.assign, openTargets, Float64Array.of(b === 0 ? 0.05 : 9, b === 1 ? 0.05 : 9))).toBeLessThan(
        bandExcess(problem, plan, openTargets, Float64Array.of(b === 0 ? 0.05 : 9, b === 1 ? 0.05 : 9)),
      );
    }
    // A basic solution splits few accounts: at most about one per band row that binds (k x B x 2).
    expect(result.split).toBeGreaterThan(0);
    expect(result.split).toBeLessThanOrEqual(2 * K * 2);
  });

  it('keeps every account outside `free` on its territory and gives the closed rep no account', () => {
    const result = solveAccountLp(problem, { assign: plan, free, centers, candidates: 4, closed, targets, band: lpBand, solve: solveWithJsLpSolver, timeLimitMs: 20_000 });
    for (let i = 0; i < problem.n; i += 10) expect(result.assign[i]).toBe(plan[i]);
    expect(counts(result.assign, K)[CLOSED]).toBe(0);
    expect(result.assign.every((j) => j >= 0 && j < K)).toBe(true);
  });

  it('moves only to a territory among the candidates, and returns a copy, leaving its input untouched', () => {
    const input = Int32Array.from(plan);
    const result = solveAccountLp(problem, { assign: input, free, centers, candidates: 2, closed, targets, band: lpBand, solve: solveWithJsLpSolver, timeLimitMs: 20_000 });
    expect(Array.from(input)).toEqual(Array.from(plan));
    expect(result.assign).not.toBe(input);
    // With 2 candidates an account can only go to its nearest or second-nearest open centre.
    for (let i = 0; i < problem.n; i++) {
      if (result.assign[i] === plan[i]) continue;
      const order = Array.from({ length: K }, (_, j) => j)
        .filter((j) => !closed[j])
        .sort((a, b) => dist(problem, centers, i, a) - dist(problem, centers, i, b));
      expect(order.slice(0, 2)).toContain(result.assign[i]);
    }
  });

  it('leaves a nearest-centre plan unchanged when a wide band holds at the origin', () => {
    // With a band of 10 (1000%) every row holds at the origin; the LP may only move accounts to a nearer
    // centre. The nearest-centre plan on these very centres has no such move, so nothing changes.
    const nearest = nearestAllocation(problem, centers, closed);
    const result = solveAccountLp(problem, { assign: nearest, free, centers, candidates: 4, closed, targets, band: Float64Array.of(10, 10), solve: solveWithJsLpSolver, timeLimitMs: 20_000 });
    expect(result.lp.status).toBe('optimal');
    expect(Array.from(result.assign)).toEqual(Array.from(nearest));
    expect(result.violation).toBe(0);
  });

  it('with a wide band, moves free accounts only to nearer centres', () => {
    // `plan` is nearest to the centres before the last re-centring, so some accounts now have a nearer one.
    const result = solveAccountLp(problem, { assign: plan, free, centers, candidates: 4, closed, targets, band: Float64Array.of(10, 10), solve: solveWithJsLpSolver, timeLimitMs: 20_000 });
    let moved = 0;
    for (let i = 0; i < problem.n; i++) {
      if (result.assign[i] === plan[i]) continue;
      moved++;
      expect(dist(problem, centers, i, result.assign[i])).toBeLessThan(dist(problem, centers, i, plan[i]));
    }
    expect(moved).toBeGreaterThan(0);
  });

  it.each(['infeasible', 'check-failed', 'time-limit'] as const)("returns a copy of the input plan when the solve ends '%s'", (status) => {
    const stub: LpSolve = (lp) => ({ status, objective: NaN, values: new Float64Array(lp.numVars).fill(1), violation: NaN, ms: 0 });
    const result = solveAccountLp(problem, { assign: plan, free, centers, candidates: 4, closed, targets, band: lpBand, solve: stub, timeLimitMs: 1000 });
    expect(Array.from(result.assign)).toEqual(Array.from(plan));
    expect(result.lp.status).toBe(status);
    expect(result.violation).toBeNaN();
  });
});

function dist(problem: Problem, centers: Float64Array, i: number, j: number): number {
  let d = 0;
  for (let c = 0; c < 3; c++) d += (problem.xyz[3 * i + c] - centers[3 * j + c]) ** 2;
  return d;
}
