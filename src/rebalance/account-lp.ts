import type { Problem } from '../input/problem.js';
import { accountCost, beyondLimit } from './account-cost.js';
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
 * The exact transportation LP (DESIGN.md stage 4) over the free accounts, the rest fixed: every free account
 * split between its territory and its nearest other centres, every territory's load inside its band on every
 * measure, minimum weighted squared distance to the centres. It is written in moves from the current plan
 * (y_ij = share of account i moving from its territory to j, sum_j y_ij <= 1, cost the change of distance), so
 * the current plan is the LP's origin and always feasible; the band rows are elastic (penalised), so a band
 * the free accounts cannot reach shows up as `violation` rather than as a failed solve. A basic optimal
 * solution splits at most about k x B accounts; each is rounded to its largest share, and the repair stage
 * fixes what rounding breaks.
 * Size: free x C variables, free + 2 x k x B rows; javascript-lp-solver takes ~0.4 s at 200 accounts x 20
 * territories and ~2.7 s at 500 (measured), so callers keep `free` to a few hundred.
 */
export function solveAccountLp(problem: Problem, ctx: AccountLpContext): AccountLpResult {
  const { xyz, measures, k } = problem;
  const B = measures.length;
  const free = Array.from(ctx.free).filter((i) => ctx.assign[i] >= 0);
  const m = free.length;
  const assign = Int32Array.from(ctx.assign);
  const C = Math.min(ctx.candidates, k);
  const sub = new Float64Array(3 * m);
  free.forEach((i, s) => sub.set(xyz.subarray(3 * i, 3 * i + 3), 3 * s));
  const near = nearestCenters(sub, m, ctx.centers, k, C, ctx.closed);
  const cost = (i: number, j: number) => accountCost(problem, ctx.centers, i, j);

  // Variables: a move of each free account to each candidate other than its own territory.
  const varAccount: number[] = [];
  const varTerritory: number[] = [];
  const rawCost: number[] = [];
  const firstVar = new Int32Array(m + 1);
  for (let s = 0; s < m; s++) {
    firstVar[s] = varAccount.length;
    const i = free[s];
    const own = assign[i];
    const addMove = (j: number) => {
      varAccount.push(s);
      varTerritory.push(j);
      rawCost.push(cost(i, j) - cost(i, own));
    };
    let nearCurrent = false;
    for (let c = 0; c < C; c++) {
      const j = near[s * C + c];
      if (j === problem.current[i]) nearCurrent = true;
      if (j < 0 || j === own) continue;
      // Never beyond a rep's distance limit from within it (an account already beyond may go anywhere).
      if (beyondLimit(problem, i, j) && !beyondLimit(problem, i, own)) continue;
      addMove(j);
    }
    // In a realignment an account may always go back to its current rep, near or not.
    const incumbent = problem.current[i];
    if (problem.realign && incumbent >= 0 && incumbent !== own && !nearCurrent && !ctx.closed[incumbent]) addMove(incumbent);
  }
  firstVar[m] = varAccount.length;
  const numVars = varAccount.length;

  const load = new Float64Array(k * B);
  for (let i = 0; i < problem.n; i++) {
    if (assign[i] < 0) continue;
    for (let b = 0; b < B; b++) load[assign[i] * B + b] += measures[b].values[i];
  }
  // Costs scaled to a mean magnitude of 1, so the penalty dominates by a known margin.
  let mean = 0;
  for (const c of rawCost) mean += Math.abs(c);
  mean = mean > 0 ? mean / numVars : 1;
  let maxCost = 0;
  for (const c of rawCost) maxCost = Math.max(maxCost, Math.abs(c) / mean);
  const penalty = 1e3 * (1 + maxCost) * Math.max(1, m / k);

  const rows: LpRow[] = [];
  for (let s = 0; s < m; s++) {
    if (firstVar[s + 1] === firstVar[s]) continue;
    const vars: number[] = [];
    for (let v = firstVar[s]; v < firstVar[s + 1]; v++) vars.push(v);
    rows.push({ vars, coefs: vars.map(() => 1), lo: -Infinity, hi: 1 });
  }
  // Band rows: a move of i from its territory to j adds m_i to j and takes it from the territory it leaves.
  const rowTerms: { vars: number[]; coefs: number[] }[] = Array.from({ length: k * B }, () => ({ vars: [], coefs: [] }));
  for (let v = 0; v < numVars; v++) {
    const i = free[varAccount[v]];
    const from = assign[i];
    const to = varTerritory[v];
    for (let b = 0; b < B; b++) {
      const value = measures[b].values[i];
      if (value === 0) continue;
      rowTerms[to * B + b].vars.push(v);
      rowTerms[to * B + b].coefs.push(value);
      rowTerms[from * B + b].vars.push(v);
      rowTerms[from * B + b].coefs.push(-value);
    }
  }
  for (let j = 0; j < k; j++) {
    for (let b = 0; b < B; b++) {
      const t = ctx.targets[j * B + b];
      const terms = rowTerms[j * B + b];
      if (!(t > 0) || terms.vars.length === 0) continue;
      const base = load[j * B + b];
      // In units of the target, so every band row has coefficients near 1/size and the tableau stays well scaled.
      rows.push({ vars: terms.vars, coefs: terms.coefs.map((c) => c / t), lo: 1 - ctx.band[b] - base / t, hi: 1 + ctx.band[b] - base / t, penalty });
    }
  }
  const lp: LinearProgram = { numVars, cost: Float64Array.from(rawCost, (c) => c / mean), rows };
  const result = ctx.solve(lp, { timeLimitMs: ctx.timeLimitMs });
  if (result.status !== 'optimal') return { assign, lp: result, split: 0, violation: NaN };

  let split = 0;
  for (let s = 0; s < m; s++) {
    let stay = 1;
    let best = assign[free[s]];
    let bestValue = 0;
    let positive = 0;
    for (let v = firstVar[s]; v < firstVar[s + 1]; v++) {
      const y = result.values[v];
      stay -= y;
      if (y > 1e-6) positive++;
      if (y > bestValue) {
        bestValue = y;
        best = varTerritory[v];
      }
    }
    if (stay > 1e-6 && positive > 0) positive++;
    if (positive > 1) split++;
    if (bestValue > stay) assign[free[s]] = best;
  }
  return { assign, lp: result, split, violation: result.violation };
}
