import type { Problem } from '../input/problem.js';
import { nearestCenters } from '../cluster/nearest-centers.js';
import type { LinearProgram, LpResult, LpRow, LpSolve } from './lp-adapter.js';

/** Inputs of the account-level LP. */
export interface AccountLpContext {
  /** The current plan (length n); accounts not in `free` keep their territory. */
  assign: Int32Array;
  /** Accounts the LP may move (never locked ones). */
  free: ArrayLike<number>;
  centers: Float64Array;
  /** Candidate territories per free account besides its current one. */
  candidates: number;
  /** Reps that take no free account. */
  closed: Uint8Array;
  /** Targets, k x B. */
  targets: Float64Array;
  /** Relative band per measure the LP must hold (tighter than the user's, so rounding stays inside). */
  band: Float64Array;
  solve: LpSolve;
  timeLimitMs: number;
}

/** The rounded outcome of the account-level LP. */
export interface AccountLpResult {
  /** The new plan (a copy; the input is untouched). When the LP failed, a copy of the input plan. */
  assign: Int32Array;
  lp: LpResult;
  /** Accounts the LP split between territories before rounding. */
  split: number;
  /** Sum of relative band violations the LP could not avoid (0 when every row held). */
  violation: number;
}

/**
 * The exact transportation LP (DESIGN.md stage 4) over the free accounts, the rest fixed: x_ij in [0, 1],
 * sum_j x_ij = 1, every territory's load inside its band on every measure, minimum weighted squared distance
 * to the centres. Each account's candidates are its current territory and its nearest centres. The band rows
 * are elastic (a penalised slack on each side), so the LP always has a solution and a too-tight band shows up
 * as `violation`. A basic optimal solution splits at most about k x B accounts; each is rounded to its
 * largest share, and the repair stage fixes what rounding breaks.
 * Size: free x (C + 1) variables, free + 2 x k x B rows; javascript-lp-solver takes ~0.4 s at 200 accounts
 * x 20 territories and ~2.7 s at 500 (measured), so callers keep `free` to a few hundred.
 */
export function solveAccountLp(problem: Problem, ctx: AccountLpContext): AccountLpResult {
  const { xyz, weight, measures, k } = problem;
  const B = measures.length;
  const free = Array.from(ctx.free);
  const m = free.length;
  const assign = Int32Array.from(ctx.assign);
  const C = Math.min(ctx.candidates, k);
  const sub = new Float64Array(3 * m);
  free.forEach((i, s) => sub.set(xyz.subarray(3 * i, 3 * i + 3), 3 * s));
  const near = nearestCenters(sub, m, ctx.centers, k, C, ctx.closed);

  // Variables: per free account its distinct candidates (current territory first).
  const varAccount: number[] = [];
  const varTerritory: number[] = [];
  const rawCost: number[] = [];
  const firstVar = new Int32Array(m + 1);
  for (let s = 0; s < m; s++) {
    firstVar[s] = varAccount.length;
    const i = free[s];
    const seen = new Set<number>();
    const own = assign[i];
    const options = own >= 0 ? [own] : [];
    for (let c = 0; c < C; c++) if (near[s * C + c] >= 0) options.push(near[s * C + c]);
    for (const j of options) {
      if (seen.has(j)) continue;
      seen.add(j);
      const dx = xyz[3 * i] - ctx.centers[3 * j];
      const dy = xyz[3 * i + 1] - ctx.centers[3 * j + 1];
      const dz = xyz[3 * i + 2] - ctx.centers[3 * j + 2];
      varAccount.push(s);
      varTerritory.push(j);
      rawCost.push(Number.isFinite(dx) ? weight[i] * (dx * dx + dy * dy + dz * dz) : 0);
    }
  }
  firstVar[m] = varAccount.length;
  const numAssign = varAccount.length;

  // Loads of the fixed accounts, per territory and measure.
  const isFree = new Uint8Array(problem.n);
  for (const i of free) isFree[i] = 1;
  const fixedLoad = new Float64Array(k * B);
  for (let i = 0; i < problem.n; i++) {
    if (isFree[i] || assign[i] < 0) continue;
    for (let b = 0; b < B; b++) fixedLoad[assign[i] * B + b] += measures[b].values[i];
  }

  // Normalise costs to a mean of 1 so the slack penalty dominates by a known margin.
  let mean = 0;
  for (const c of rawCost) mean += c;
  mean = mean > 0 ? mean / numAssign : 1;
  let maxCost = 0;
  for (const c of rawCost) maxCost = Math.max(maxCost, c / mean);
  const penalty = 1e3 * (1 + maxCost) * Math.max(1, m / k);

  const rows: LpRow[] = [];
  for (let s = 0; s < m; s++) {
    const vars: number[] = [];
    for (let v = firstVar[s]; v < firstVar[s + 1]; v++) vars.push(v);
    rows.push({ vars, coefs: vars.map(() => 1), lo: 1, hi: 1 });
  }
  const touched = new Set(varTerritory);
  const slackCosts: number[] = [];
  let numVars = numAssign;
  for (const j of [...touched].sort((a, b) => a - b)) {
    for (let b = 0; b < B; b++) {
      const t = ctx.targets[j * B + b];
      if (!(t > 0)) continue;
      const vars: number[] = [];
      const coefs: number[] = [];
      for (let v = 0; v < numAssign; v++) {
        if (varTerritory[v] !== j) continue;
        const value = measures[b].values[free[varAccount[v]]];
        if (value === 0) continue;
        vars.push(v);
        coefs.push(value);
      }
      const fixed = fixedLoad[j * B + b];
      const under = numVars++;
      const over = numVars++;
      slackCosts.push(penalty, penalty);
      // lo <= load + t*under ; load - t*over <= hi, slacks in units of the target.
      rows.push({ vars: [...vars, under], coefs: [...coefs, t], lo: t * (1 - ctx.band[b]) - fixed, hi: Infinity });
      rows.push({ vars: [...vars, over], coefs: [...coefs, -t], lo: -Infinity, hi: t * (1 + ctx.band[b]) - fixed });
    }
  }
  const cost = new Float64Array(numVars);
  for (let v = 0; v < numAssign; v++) cost[v] = rawCost[v] / mean;
  cost.set(slackCosts, numAssign);
  const lp: LinearProgram = { numVars, cost, rows };
  const result = ctx.solve(lp, { timeLimitMs: ctx.timeLimitMs });
  if (result.status !== 'optimal') return { assign, lp: result, split: 0, violation: NaN };

  let split = 0;
  for (let s = 0; s < m; s++) {
    let best = -1;
    let bestValue = -1;
    let positive = 0;
    for (let v = firstVar[s]; v < firstVar[s + 1]; v++) {
      const x = result.values[v];
      if (x > 1e-6) positive++;
      if (x > bestValue) {
        bestValue = x;
        best = varTerritory[v];
      }
    }
    if (positive > 1) split++;
    assign[free[s]] = best;
  }
  let violation = 0;
  for (let v = numAssign; v < numVars; v++) violation += result.values[v];
  return { assign, lp: result, split, violation };
}
