import type { Problem } from '../input/problem.js';
import { accountCost } from './account-cost.js';
import { borderMoves } from './border-moves.js';
import type { BalanceContext } from './plan-context.js';
import type { LpResult, LpRow, LpSolve } from './lp-adapter.js';

/** Variables the territory-level LP aims to stay under (see the measurement where it is used). */
const MAX_VARIABLES = 360;

/** Inputs of one territory-level LP round. */
export interface TerritoryLpContext extends BalanceContext {
  /** Relative band per measure the LP aims for. */
  band: Float64Array;
  solve: LpSolve;
  timeLimitMs: number;
  /** Price steps per adjacent pair and direction. Default 3. */
  buckets?: number;
}

/**
 * One round of the territory-level LP (DESIGN.md stage 4): its size depends on the territories, not the
 * accounts. For every pair of adjacent territories (j, t) and direction, the accounts of j that touch t in
 * the Delaunay graph are sorted by the added weighted squared distance of moving them, and cut into a few
 * equal buckets; a variable in [0, 1] per bucket says how much of it moves. Since later buckets cost more,
 * the LP fills them in order: a piecewise-linear convex cost of flow between neighbours. Rows keep every
 * territory inside its band on every measure (elastic, penalised). The LP's flows are then realised account
 * by account, cheapest first. O(n x degree) to build; the LP has ~pairs x buckets variables.
 */
export function territoryLpRound(
  problem: Problem,
  assignIn: Int32Array,
  ctx: TerritoryLpContext,
): { assign: Int32Array; moved: number; lp: LpResult } {
  const { n, k, measures } = problem;
  const B = measures.length;
  const assign = Int32Array.from(assignIn);
  const cost = (i: number, j: number) => accountCost(problem, ctx.centers, i, j);
  // Border accounts per ordered pair "from,to".
  const pairs = borderMoves(problem, assign, ctx, cost);
  // Variables: buckets of each pair's border accounts, cheapest first. javascript-lp-solver's dense tableau
  // (with a row per upper bound) took 0.1-0.4 s at ~300 variables and 29-117 s at ~900 (measured on 10,000
  // clustered accounts x 50 territories), so the buckets per pair shrink to keep the model near MAX_VARIABLES.
  const bucketsPerPair = Math.max(1, Math.min(ctx.buckets ?? 3, Math.floor(MAX_VARIABLES / Math.max(1, pairs.size))));
  type Bucket = { from: number; to: number; accounts: number[]; sums: Float64Array; cost: number };
  const buckets: Bucket[] = [];
  for (const key of [...pairs.keys()].sort((a, b) => a - b)) {
    const list = pairs.get(key)!.sort((a, b) => a.delta - b.delta || a.i - b.i);
    const from = Math.floor(key / k);
    const to = key % k;
    const size = Math.ceil(list.length / bucketsPerPair);
    for (let s = 0; s < list.length; s += size) {
      const part = list.slice(s, s + size);
      const sums = new Float64Array(B);
      let c = 0;
      for (const { i, delta } of part) {
        c += delta;
        for (let b = 0; b < B; b++) sums[b] += measures[b].values[i];
      }
      buckets.push({ from, to, accounts: part.map((p) => p.i), sums, cost: c });
    }
  }
  const load = new Float64Array(k * B);
  for (let i = 0; i < n; i++) if (assign[i] >= 0) for (let b = 0; b < B; b++) load[assign[i] * B + b] += measures[b].values[i];

  let scale = 0;
  for (const bucket of buckets) scale += Math.abs(bucket.cost);
  scale = scale > 0 ? scale / buckets.length : 1;
  const penalty = 1e3 * (1 + Math.max(0, ...buckets.map((bk) => Math.abs(bk.cost) / scale))) * Math.max(1, n / k);
  const rows: LpRow[] = [];
  const costs: number[] = buckets.map((bk) => bk.cost / scale);
  const numVars = buckets.length;
  for (let j = 0; j < k; j++) {
    for (let b = 0; b < B; b++) {
      const t = ctx.targets[j * B + b];
      if (!(t > 0)) continue;
      const vars: number[] = [];
      const coefs: number[] = [];
      buckets.forEach((bk, v) => {
        if (bk.sums[b] === 0) return;
        if (bk.from === j) {
          vars.push(v);
          coefs.push(-bk.sums[b]);
        } else if (bk.to === j) {
          vars.push(v);
          coefs.push(bk.sums[b]);
        }
      });
      if (vars.length === 0) continue;
      const base = load[j * B + b];
      // Elastic band row in units of the target (well scaled); `penalty` per whole target missed.
      rows.push({ vars, coefs: coefs.map((c) => c / t), lo: 1 - ctx.band[b] - base / t, hi: 1 + ctx.band[b] - base / t, penalty });
    }
  }
  const upper = new Float64Array(numVars).fill(1);
  const lp = ctx.solve({ numVars, cost: Float64Array.from(costs), upper, rows }, { timeLimitMs: ctx.timeLimitMs });
  if (lp.status !== 'optimal') return { assign, moved: 0, lp };

  // Realise the flows: the cheapest buckets first, each moving its share of accounts in order.
  const order = buckets.map((_, v) => v).filter((v) => lp.values[v] > 1e-6);
  order.sort((a, b) => buckets[a].cost / Math.max(1, buckets[a].accounts.length) - buckets[b].cost / Math.max(1, buckets[b].accounts.length));
  const movedAlready = new Uint8Array(n);
  let moved = 0;
  for (const v of order) {
    const bucket = buckets[v];
    const take = Math.round(lp.values[v] * bucket.accounts.length);
    let taken = 0;
    for (const i of bucket.accounts) {
      if (taken >= take) break;
      if (movedAlready[i] || assign[i] !== bucket.from) continue;
      assign[i] = bucket.to;
      movedAlready[i] = 1;
      moved++;
      taken++;
    }
  }
  return { assign, moved, lp };
}
