import type { Problem } from '../input/problem.js';
import type { NeighborGraph } from '../geo/delaunay-graph.js';
import { inducedGraph } from '../geo/induced-graph.js';
import { maxChord2 } from '../metrics/max-chord2.js';
import { partBand, subProblem } from '../scale/sub-problem.js';
import { solveProblem, type SolveSettings } from '../scale/solve-problem.js';
import { localPlan, stitchGroup } from '../scale/stitch-group.js';
import { groupGuard } from '../scale/group-guard.js';
import { territoryWidths } from './narrow-widest.js';

/**
 * The widest territory is redrawn only while its diameter is more than this many times the median diameter
 * of the territories it touches: a strip among round neighbours, not a rural territory among rural ones (on
 * ZIP and clustered 100,000 x 500 no widest territory qualified, so those plans do not change).
 */
const OUTLIER = 1.5;
/** Rings of touching territories around the widest in a group, at most: first its neighbours, then theirs. */
const MAX_RING = 1;
/** Fresh solves of each group, with different seeds; the narrowest that passes is kept. */
const SOLVES_PER_GROUP = 2;
/** Groups solved at most. */
const ATTEMPTS = 8;
/** Accounts re-solved in all (over every group and solve), as a share of the problem's accounts... */
const BUDGET_SHARE = 0.5;
/** ...but at least this many (a small problem's group is most of it, and cheap)... */
const BUDGET_MIN = 2_000;
/** ...and at most this many, whatever the size (at 1,000,000 accounts a group of two rings holds thousands). */
const BUDGET_MAX = 10_000;

/** Inputs of the redrawing pass. */
export interface RedrawContext {
  graph: NeighborGraph;
  /** Accounts that never move (locks, isolated reps' accounts): their territory, -1 when movable. */
  fixed: Int32Array;
  /** Reps that take no further account (1 = closed), length k. */
  closed: Uint8Array;
  /** Global targets, k x B row-major. */
  targets: Float64Array;
  /** The user's band per measure. */
  band: Float64Array;
  /** How a group is solved (its LP backend, seed, candidates, contiguity); `deadline` replaces its own. */
  settings: SolveSettings;
  /** Date.now() after which no further group is solved. */
  deadline: number;
  /** Called before every group solve and from inside it (no share of its own); it may throw to abort. */
  checkpoint?: () => void;
}

/**
 * Redraws the neighbourhood of the widest territory from scratch when that territory is an outlier among the
 * territories it touches (`OUTLIER`): the territory and its neighbours become a problem of their own
 * (`subProblem`, solved by the engine's own `solveProblem` from `SOLVES_PER_GROUP` seeds, bands repaired
 * against the global targets as the stitch does). A result is kept only when its widest territory is narrower
 * than the one redrawn, no territory of the group is further outside its band than it was, and none is in
 * more pieces; otherwise the group grows by one ring (`MAX_RING`) or the territory is left as it is. The
 * greedy one-end-at-a-time pass (`narrowWidest`) cannot unbend a strip drawn along the edge of the data (CTDP
 * 10,000/p160, seed 4: 287 units across where its neighbours span about 120); a fresh solve of the few
 * territories around it can (169). Groups holding a fixed account or a closed rep are left alone.
 * Bounded by `ATTEMPTS` and the accounts budget, not by the clock, so a run with time to spare gives the
 * same plan on any machine; `deadline` stops it (and the group solve under way) like every late stage, so a
 * run cut by `timeLimitMs` may differ. O(attempts x group solve).
 * @example redrawWidest(problem, assign, { ...ctx, settings, deadline: Date.now() + 1000 }).redrawn // => 1
 */
export function redrawWidest(problem: Problem, assignIn: Int32Array, ctx: RedrawContext): { assign: Int32Array; redrawn: number } {
  const { n, k } = problem;
  const assign = Int32Array.from(assignIn);
  // The set-up reports too (at 1,000,000 accounts the widths take about 0.3 s).
  const { members, width } = territoryWidths(problem, assign, ctx.checkpoint);
  const { offsets, neighbors } = ctx.graph;
  const touching = (t: number): Set<number> => {
    const out = new Set<number>();
    for (const i of members[t]) {
      for (let e = offsets[i]; e < offsets[i + 1]; e++) {
        const o = assign[neighbors[e]];
        if (o >= 0 && o !== t) out.add(o);
      }
    }
    return out;
  };
  // The median (the upper one of an even count) width of the territories touching t.
  const localMedian = (t: number): number => {
    const list = [...touching(t)].map((o) => width[o]).sort((a, b) => a - b);
    return list.length > 0 ? list[Math.floor(list.length / 2)] : Infinity;
  };
  const stuck = Uint8Array.from(ctx.closed);
  const ring = new Uint8Array(k);
  const budget = Math.min(Math.max(BUDGET_SHARE * n, BUDGET_MIN), BUDGET_MAX);
  let spent = 0;
  let redrawn = 0;
  for (let attempt = 0; attempt < ATTEMPTS && Date.now() < ctx.deadline; attempt++) {
    let j = -1;
    for (let t = 0; t < k; t++) if (!stuck[t] && members[t].length > 0 && (j < 0 || width[t] > width[j])) j = t;
    if (j < 0 || !(width[j] > OUTLIER * OUTLIER * localMedian(j))) break;
    // The group: j and the territories within ring[j] + 1 steps of it.
    const inGroup = new Uint8Array(k);
    inGroup[j] = 1;
    let frontier = [j];
    for (let step = 0; step <= ring[j]; step++) {
      const found: number[] = [];
      for (const t of frontier) for (const o of touching(t)) if (!inGroup[o]) found.push(o), (inGroup[o] = 1);
      frontier = found;
    }
    const reps: number[] = [];
    for (let t = 0; t < k; t++) if (inGroup[t]) reps.push(t);
    const accounts: number[] = [];
    for (const t of reps) for (const i of members[t]) accounts.push(i);
    const blocked = reps.length < 2 || reps.some((t) => ctx.closed[t]) || accounts.some((i) => ctx.fixed[i] >= 0);
    if (blocked || spent + SOLVES_PER_GROUP * accounts.length > budget) {
      stuck[j] = 1;
      continue;
    }
    spent += SOLVES_PER_GROUP * accounts.length;
    accounts.sort((a, b) => a - b);
    const local = Int32Array.from(accounts);
    const repList = Int32Array.from(reps);
    const best = solveGroup(problem, assign, width[j], local, repList, ctx, attempt);
    if (!best) {
      // A wider group gives the fresh solve room to unbend what the nearest ring could not.
      if (ring[j] < MAX_RING) ring[j]++;
      else stuck[j] = 1;
      continue;
    }
    local.forEach((i, a) => (assign[i] = repList[best.after[a]]));
    reps.forEach((t, r) => {
      members[t] = best.members[r];
      width[t] = best.widths[r];
    });
    redrawn++;
  }
  return { assign, redrawn };
}

/** The narrowest of a group's fresh solves that passes (see `redrawWidest`), or null. */
function solveGroup(
  problem: Problem,
  assign: Int32Array,
  widthJ: number,
  local: Int32Array,
  repList: Int32Array,
  ctx: RedrawContext,
  attempt: number,
): { after: Int32Array; members: number[][]; widths: number[] } | null {
  const { xyz, measures } = problem;
  const B = measures.length;
  const reps = Array.from(repList);
  // The group's total is a little off its reps' targets: its band is narrowed by that (`partBand`).
  const tolerance = measures.map((m, b) => {
    let total = 0;
    for (const i of local) total += m.values[i];
    let expected = 0;
    for (const t of reps) expected += ctx.targets[t * B + b];
    return partBand(ctx.band[b], total, expected);
  });
  const part = subProblem(problem, local, repList, tolerance);
  const graph = inducedGraph(ctx.graph, local);
  const guard = groupGuard(part, graph, repList, ctx.targets, ctx.band);
  const before = localPlan(assign, local, repList);
  const violationsBefore = guard.violations(before);
  const piecesBefore = guard.pieces(before);
  let best: { after: Int32Array; members: number[][]; widths: number[]; widest: number } | null = null;
  for (let s = 0; s < SOLVES_PER_GROUP && Date.now() < ctx.deadline; s++) {
    ctx.checkpoint?.();
    const seed = ctx.settings.seed + attempt * SOLVES_PER_GROUP + s;
    let after = solveProblem(part, graph, { ...ctx.settings, seed, deadline: ctx.deadline, checkpoint: ctx.checkpoint && (() => ctx.checkpoint!()) }).assign;
    if (after.some((t) => t < 0)) continue;
    if (guard.violations(after).some((v) => v > 1e-12)) {
      // The group's rounding may leave a band just off against the global targets: mended as the stitch does
      // (with the group's graph and targets, built above).
      after = stitchGroup(problem, ctx.graph, after, local, repList, { targets: ctx.targets, band: ctx.band, fixed: ctx.fixed, isolated: ctx.closed, contiguity: ctx.settings.contiguity, deadline: ctx.deadline, checkpoint: ctx.checkpoint }, { graph, targets: guard.targets });
    }
    // No territory further outside its band than it was, nor in more pieces.
    if (!guard.noWorse(violationsBefore, piecesBefore, after)) continue;
    const members: number[][] = reps.map(() => []);
    after.forEach((r, a) => members[r].push(local[a]));
    const widths = members.map((list) => maxChord2(xyz, list));
    const widest = Math.max(...widths);
    if (!(widest < widthJ * (1 - 1e-9))) continue;
    if (!best || widest < best.widest) best = { after, members, widths, widest };
  }
  return best;
}
