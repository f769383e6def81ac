import type { Problem } from '../input/problem.js';
import type { NeighborGraph } from '../geo/delaunay-graph.js';
import type { SolveSettings } from './solve-problem.js';
import { computeCenters } from '../geo/centers.js';
import { nearestCenters } from '../cluster/nearest-centers.js';
import { inducedGraph } from '../geo/induced-graph.js';
import { accountCost } from '../rebalance/account-cost.js';
import { objective } from '../rebalance/objective.js';
import { solveAccountLp } from '../rebalance/account-lp.js';
import { groupGuard } from './group-guard.js';
import { localPlan, stitchGroup, stitchPart } from './stitch-group.js';
import type { PlanBounds } from './plan-bounds.js';

/** An account is on a seam when one of its this many nearest centres is in another region than its own
 *  territory. 2 against 4 (every LP candidate): at 100,000 x 500 half the LP work for about two thirds of the
 *  gain (distance cost -2.4 / -5.6 / -3.1% against -3.4 / -7.1 / -4.0%, uniform / clustered / ZIP). */
const SEAM_NEAREST = 2;
/** Free accounts in one seam's LP at most with HiGHS (the closest to changing territory), so the LP stays
 *  small: 500 against 3,000 took the pass from 4.5 to 3.1 s on ZIP 300,000 x 600 for +0.2% distance cost. */
const HIGHS_MAX_FREE = 500;
/** Free accounts in one seam's LP at most with javascript-lp-solver (or `exactLpMaxAccounts`, if fewer): its
 *  simplex takes about 1 s at 300. 20,000 x 100 on javascript-lp-solver (scratch runs): the pass took 0.16-0.2 s
 *  for -0.9 / -1.7 / -0.7% distance cost (uniform / clustered / ZIP), against 0.17-0.64 s for -0.8 / -2.6 /
 *  -0.9% at 300. */
const JS_MAX_FREE = 100;
/** Above this many accounts the pass is skipped: at 1,000,000 x 2,000 (ZIP) it took 13.3 s, a quarter of the
 *  60 s the benchmark allows the whole run, for -3.8% distance cost (one thread; see the README's Limits). */
export const SEAMS_MAX_ACCOUNTS = 500_000;

/** Time before the solve's deadline from which no further seam starts, so that the pass (it only improves a
 *  plan already whole) does not run the solve past its deadline, which would skip the narrowing passes. */
const DEADLINE_MARGIN_MS = 100;

/** Inputs of the seam pass besides the plan. */
export interface SeamContext extends PlanBounds {
  graph: NeighborGraph;
  /** The region of each rep (`splitRegions`), length k, and the number of regions. */
  repRegion: Int32Array;
  regions: number;
  /** Reps set aside around an account no band can hold: they take no account. */
  isolated: Uint8Array;
  /** The LP backend, candidates, contiguity and deadline of the solve. */
  settings: SolveSettings;
  /** Called before every seam's LP; it may throw to abort. */
  checkpoint?: (fraction: number) => void;
  /** Awaited before every seam's LP, so that an abort can land (throttle it: it costs a timer turn). */
  pause?: () => Promise<void>;
}

/**
 * One LP pass across the regions' borders (DESIGN.md stage 6): each region was solved with its neighbours'
 * accounts out of reach, so the territories along a border are cut off by it. For every pair of regions that
 * meet (some account has a centre of the other among its `SEAM_NEAREST` nearest), the accounts on their seam
 * are freed and the account-level transportation LP
 * (`solveAccountLp`: least weighted squared distance, every territory of the group in its band) re-draws
 * them over the territories on both sides, the rest fixed; what rounding breaks is mended as the stitch
 * mends (`stitchGroup`), except in a group the stitch left outside its band, whose LP plan is taken only as
 * it comes. A seam's new plan is kept only if it lowers the distance cost and leaves no territory further
 * outside its band, nor in more pieces, than before. Seams are taken in order of their
 * pair of regions, each against the plan the earlier ones left. Each seam's LP takes at most HIGHS_MAX_FREE
 * accounts with HiGHS, JS_MAX_FREE (or `exactLpMaxAccounts`, if fewer) with javascript-lp-solver. No seam starts
 * within DEADLINE_MARGIN_MS of `settings.deadline` (and none is looked for: `seams` is then 0).
 * O(n log k) to find the seams, then per seam O(k) plus an LP, a repair and the checks over the group's
 * accounts (each account is in the groups of the few seams its territory touches).
 * @example (await seamPass(problem, assign, { ...planBounds(problem, assign, isolated), graph, repRegion, isolated, settings })).kept // => 3
 */
export async function seamPass(problem: Problem, assignIn: Int32Array, ctx: SeamContext): Promise<{ assign: Int32Array; kept: number; seams: number }> {
  const { n, k } = problem;
  const { settings } = ctx;
  const assign = Int32Array.from(assignIn);
  // No seam would start: skip finding them too (at 100,000 x 200 that took 0.14 s of a run cut by a short
  // `timeLimitMs`).
  if (Date.now() >= settings.deadline - DEADLINE_MARGIN_MS) return { assign, kept: 0, seams: 0 };
  const C = Math.min(settings.candidates, k);
  const centers = computeCenters(problem, assign);
  const near = nearestCenters(problem.xyz, n, centers, k, C, ctx.isolated);
  ctx.checkpoint?.(0);
  // Each seam account with its regret (how much more its nearest centre across the seam costs than its own).
  const regions = ctx.regions;
  const seams = new Map<number, { i: number; regret: number }[]>();
  for (let i = 0; i < n; i++) {
    const own = assign[i];
    if (ctx.fixed[i] >= 0 || own < 0) continue;
    const r = ctx.repRegion[own];
    for (let c = 0; c < Math.min(SEAM_NEAREST, C); c++) {
      const j = near[i * C + c];
      if (j < 0) break;
      const s = ctx.repRegion[j];
      if (s === r) continue;
      const key = Math.min(r, s) * regions + Math.max(r, s);
      let list = seams.get(key);
      if (!list) seams.set(key, (list = []));
      list.push({ i, regret: accountCost(problem, centers, i, j) - accountCost(problem, centers, i, own) });
      break;
    }
  }
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) if (assign[i] >= 0) members[assign[i]].push(i);
  const maxFree = settings.solver === 'highs' ? HIGHS_MAX_FREE : Math.min(JS_MAX_FREE, settings.exactLpMaxAccounts);
  const keys = [...seams.keys()].sort((a, b) => a - b);
  const scratch = new Int32Array(n).fill(-1);
  let kept = 0;
  for (let s = 0; s < keys.length && Date.now() < settings.deadline - DEADLINE_MARGIN_MS; s++) {
    ctx.checkpoint?.(s / keys.length);
    await ctx.pause?.();
    const seam = seams.get(keys[s])!.sort((a, b) => a.regret - b.regret || a.i - b.i).slice(0, maxFree);
    // The group: the seam accounts' territories and their candidates, with every account of those.
    const inGroup = new Uint8Array(k);
    for (const { i } of seam) {
      inGroup[assign[i]] = 1;
      for (let c = 0; c < C; c++) if (near[i * C + c] >= 0) inGroup[near[i * C + c]] = 1;
    }
    const repList: number[] = [];
    for (let j = 0; j < k; j++) if (inGroup[j]) repList.push(j);
    if (repList.length < 2) continue;
    const reps = Int32Array.from(repList);
    const accounts = Int32Array.from(repList.flatMap((j) => members[j]).sort((a, b) => a - b));
    const localIndex = new Map<number, number>();
    accounts.forEach((i, a) => localIndex.set(i, a));
    const part = stitchPart(problem, accounts, reps);
    const graph = inducedGraph(ctx.graph, accounts, scratch);
    const guard = groupGuard(part, graph, reps, ctx.targets, ctx.band);
    const before = localPlan(assign, accounts, reps);
    const localCenters = computeCenters(part, before);
    // The user's band, not the tighter one the solve's LPs aim for: rounding then breaks bands more often (the
    // stitch's repair mends them), but the LP has room to move more (20,000 x 100 clustered, scratch runs:
    // -4.1% distance cost against -3.2% with the tighter band; uniform and ZIP within 0.4% of each other).
    const lp = solveAccountLp(part, {
      assign: before,
      free: seam.map(({ i }) => localIndex.get(i)!),
      centers: localCenters,
      candidates: C,
      closed: Uint8Array.from(reps, (j) => ctx.isolated[j]),
      targets: guard.targets,
      band: ctx.band,
      solve: settings.solve,
      timeLimitMs: Math.max(100, settings.deadline - Date.now()),
    });
    if (lp.lp.status !== 'optimal') continue;
    let after = lp.assign;
    const violations = guard.violations(before);
    const pieces = guard.pieces(before);
    if (!guard.noWorse(violations, pieces, after)) {
      // A group the stitch left outside its band (locks, a band no plan meets) keeps its LP's plan only as it
      // comes: mending it is the stitch's repair over again, which on a plan far from its band took 32 s of a
      // 5,000 x 200 design, and kept nothing (fuzz case globe-5000x200).
      if (violations.some((v) => v > 1e-12)) continue;
      // Rounding the accounts the LP split may leave a band just off: mended as the stitch mends.
      after = stitchGroup(problem, ctx.graph, after, accounts, reps, { targets: ctx.targets, band: ctx.band, fixed: ctx.fixed, isolated: ctx.isolated, contiguity: settings.contiguity, deadline: settings.deadline, checkpoint: ctx.checkpoint && (() => ctx.checkpoint!(s / keys.length)) }, { part, graph, targets: guard.targets });
      if (!guard.noWorse(violations, pieces, after)) continue;
    }
    if (!(objective(part, after, computeCenters(part, after, localCenters)) < objective(part, before, localCenters))) continue;
    accounts.forEach((i, a) => (assign[i] = reps[after[a]]));
    for (const j of reps) members[j] = [];
    for (const i of accounts) members[assign[i]].push(i);
    kept++;
  }
  ctx.checkpoint?.(1);
  return { assign, kept, seams: keys.length };
}

