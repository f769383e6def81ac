import type { Problem } from '../input/problem.js';
import type { BalanceContext } from './plan-context.js';
import { BandState } from './band-state.js';
import { beyondLimit } from './account-cost.js';
import { computeCenters } from '../geo/centers.js';
import { PieceCounter } from '../geo/components.js';
import { chord2 } from '../geo/unit-vector.js';
import { maxChord2 } from '../metrics/max-chord2.js';

/** Moves in for the widest territory, and out of the one taking its end, paired when both bands need one:
 *  the narrowest this many of each. */
const PAIRED_MENDS = 4;

/** When the widest territory cannot be narrowed, territories at least this share of its diameter are tried
 *  next (a step there may free its way out); narrower ones are left as they are. */
const NEAR_WIDEST = 0.97;

/** Tries between two `checkpoint` calls. */
const CHECK_EVERY = 16;

/** Territories above this many accounts are not narrowed (treated as stuck): finding the ends of their
 *  diameter is O(m^2). */
const ENDS_SCAN_MAX = 2000;

/**
 * Share of the plan's distance cost (weighted squared distance to the centres, the objective without move
 * charges or limit penalties) the pass may add in all: that is what the engine minimises, and narrowing the
 * widest territory is second to it. Each step's cost is counted at the centres the plan had before the pass
 * (an over-estimate: re-centring only lowers it).
 */
export const NARROW_COST_SHARE = 0.005;

/** Inputs of the widest-territory pass. */
export interface NarrowContext extends Omit<BalanceContext, 'centers'> {
  /** The user's band per measure: no step may take a territory outside it (or further outside). */
  band: Float64Array;
  /** Date.now() after which no further step starts. */
  deadline: number;
  /** Territories tried at most, narrowed or not. Default 2k. */
  maxSteps?: number;
  /** Share of the distance cost the pass may add (default `NARROW_COST_SHARE`). */
  costShare?: number;
  /** Progress hook, called with the share of the tries made, in [0, 1], after the set-up and every
   *  `CHECK_EVERY` tries; it may throw to abort (the error is not caught). */
  checkpoint?: (fraction: number) => void;
}

/** A move [account, from, to]. */
type Move = readonly [number, number, number];

/** One way to narrow the widest territory, and the largest squared diameter it leaves among the territories
 *  it touches (an upper bound for those that gain an account). */
interface Step {
  moves: Move[];
  after: number;
  /** What the moves add to the objective, at the centres before the pass. */
  cost: number;
}

/**
 * Narrows the widest territory, again and again: the plan's largest diameter is what a rep with the longest
 * drives lives with, and what the commercial territory design benchmark scores. The clustering and the LPs
 * minimise squared distance to the centres, which leaves a few territories with a straggler at one end.
 * Each step takes the territory with the largest diameter D, and an account e at one end of a pair at
 * distance D whose leaving makes it narrower; e goes to a territory it touches in the Delaunay graph that
 * stays narrower than D with it, alone if both bands allow, else in exchange for an account touching the
 * first territory (from that territory or another that can spare it), or for one that the receiving
 * territory passes on to a territory it touches, or both when both bands need it; the step that leaves the
 * territories narrowest goes first.
 * No step takes a territory outside the band (or further outside), leaves it in more pieces, moves a fixed
 * account, or puts an account beyond its rep's distance limit; and all the steps together add at most
 * `NARROW_COST_SHARE` to the distance cost. A territory no step can narrow is set aside until a step touches
 * it, and the next widest is tried while it is at least `NEAR_WIDEST` of the widest's diameter; every step
 * leaves the territories it touches narrower than the one it narrows, so the plan's largest diameter never
 * grows. Deterministic: bounded by `maxSteps` tries (each territory tried counts), and `deadline` only as a
 * safety net.
 * O(steps x (m^2 + m x degree x m)) for territories of m accounts.
 * @example narrowWidest(problem, assign, { ...ctx, band, deadline }).moves // => 6
 */
export function narrowWidest(problem: Problem, assignIn: Int32Array, ctx: NarrowContext): { assign: Int32Array; moves: number } {
  const { n, k, xyz } = problem;
  const assign = Int32Array.from(assignIn);
  if (Date.now() >= ctx.deadline) return { assign, moves: 0 };
  const { offsets, neighbors } = ctx.graph;
  // The set-up reports at the pass's start (at 1,000,000 accounts it ran 0.3 s before the first step).
  const setUp = () => ctx.checkpoint?.(0);
  const state = new BandState(problem, assign, ctx.targets, ctx.band);
  const counter = new PieceCounter(ctx.graph);
  const { members, width } = territoryWidths(problem, assign, setUp);
  // Counted when a step first touches the territory.
  const pieces = new Int32Array(k).fill(-1);
  const piecesOf = (t: number) => (pieces[t] < 0 ? (pieces[t] = counter.count(t, assign, [members[t]])) : pieces[t]);
  const movable = (i: number) => ctx.fixed[i] < 0;
  const centers = computeCenters(problem, assign);
  const distance = (i: number, j: number) => problem.weight[i] * chord2(xyz, i, centers, j);
  let budget = 0;
  for (let i = 0; i < n; i++) if (assign[i] >= 0) budget += distance(i, assign[i]);
  budget *= ctx.costShare ?? NARROW_COST_SHARE;
  const costOf = (moves: readonly Move[]) => moves.reduce((sum, [i, from, to]) => sum + distance(i, to) - distance(i, from), 0);
  // A step may leave a territory outside the band only where it already was, and no further on any measure.
  const before = new Float64Array(problem.measures.length);
  const after = new Float64Array(problem.measures.length);
  const bandKeeps = (j: number, moves: readonly Move[]) => {
    if (state.excessAfter(j, moves, after).total <= 1e-12) return true;
    state.excessAfter(j, [], before);
    return after.every((v, b) => v <= Math.max(1e-12, before[b]));
  };
  /** Largest squared chord from account i to the others of `list`. */
  const farthest = (i: number, list: readonly number[]) => {
    let far = 0;
    for (const m of list) if (m !== i) far = Math.max(far, chord2(xyz, i, xyz, m));
    return far;
  };
  const without = (list: readonly number[], skip: number) => list.filter((m) => m !== skip);

  const bandHolds = (moves: readonly Move[]) => moves.every(([, from, to]) => bandKeeps(from, moves) && bandKeeps(to, moves));
  /** Squared diameter of territory t with account i added (an upper bound when another account leaves). */
  const widthWith = (i: number, t: number) => Math.max(width[t], farthest(i, members[t]));
  const touches = (i: number, j: number, skip: number) => {
    for (let q = offsets[i]; q < offsets[i + 1]; q++) if (assign[neighbors[q]] === j && neighbors[q] !== skip) return true;
    return false;
  };
  /** The open territories other than `not` that account i touches. */
  const territoriesAround = (i: number, not: number) => {
    const out = new Set<number>();
    for (let q = offsets[i]; q < offsets[i + 1]; q++) {
      const t = assign[neighbors[q]];
      if (t !== not && t >= 0 && !ctx.closed[t] && !beyondLimit(problem, i, t)) out.add(t);
    }
    return out;
  };

  /**
   * The ways to narrow territory j (squared diameter D), best first: an end e of a widest pair leaves for a
   * territory `to` it touches, alone, or with one more move where a band needs it: an account touching j
   * comes in (from `to` or another territory), or `to` passes one of its accounts on to a territory it
   * touches; or with both of those when neither alone will do.
   */
  const stepsFor = (j: number, D: number): Step[] => {
    const list = members[j];
    if (list.length > ENDS_SCAN_MAX) return [];
    const out: Step[] = [];
    /** Keeps the step when it fits what is left of the budget. */
    const consider = (moves: Move[], after: number) => {
      const cost = costOf(moves);
      if (cost <= budget) out.push({ moves, after, cost });
    };
    // The accounts of other open territories touching j.
    const border = new Set<number>();
    for (const m of list) {
      for (let q = offsets[m]; q < offsets[m + 1]; q++) {
        const t = assign[neighbors[q]];
        if (t !== j && t >= 0 && !ctx.closed[t]) border.add(neighbors[q]);
      }
    }
    // An end e of a pair at distance sqrt(D) lies at least sqrt(D) - R from the centroid c, R being the
    // farthest any account is from c (its partner is within R of c): only those need the O(m) scan.
    const c = [0, 0, 0];
    for (const m of list) for (let d = 0; d < 3; d++) c[d] += xyz[3 * m + d] / list.length;
    const fromC = (m: number) => Math.hypot(xyz[3 * m] - c[0], xyz[3 * m + 1] - c[1], xyz[3 * m + 2] - c[2]);
    let R = 0;
    for (const m of list) R = Math.max(R, fromC(m));
    const near = Math.sqrt(D) - R - 1e-9;
    for (const e of list) {
      if (!movable(e) || fromC(e) < near || farthest(e, list) < D * (1 - 1e-12)) continue;
      const rest = without(list, e);
      const narrowed = maxChord2(xyz, rest);
      if (!(narrowed < D)) continue;
      for (const to of territoriesAround(e, j)) {
        const joined = widthWith(e, to);
        if (!(joined < D)) continue;
        const leave: Move = [e, j, to];
        if (bandHolds([leave])) {
          consider([leave], Math.max(narrowed, joined));
          continue;
        }
        const found = out.length;
        // One account in for j (`mendsJ`: j's own band holds with it), or one out of `to` (`mendsTo`).
        const mendsJ: { move: Move; width: number }[] = [];
        for (const f of border) {
          if (!movable(f) || beyondLimit(problem, f, j) || !touches(f, j, e)) continue;
          const back: Move = [f, assign[f], j];
          const moves: Move[] = [leave, back];
          if (!bandKeeps(j, moves) || !bandKeeps(back[1], moves)) continue;
          const wide = farthest(f, rest);
          if (!(wide < D)) continue;
          mendsJ.push({ move: back, width: wide });
          // j and the giving territory hold already; `to` is the one left to check.
          if (bandKeeps(to, moves)) consider(moves, Math.max(narrowed, wide, joined));
        }
        const mendsTo: { move: Move; width: number }[] = [];
        for (const f of members[to]) {
          if (!movable(f)) continue;
          for (const next of territoriesAround(f, to)) {
            if (next === j) continue;
            const on: Move = [f, to, next];
            const moves: Move[] = [leave, on];
            if (!bandKeeps(to, moves) || !bandKeeps(next, moves)) continue;
            const wide = widthWith(f, next);
            if (!(wide < D)) continue;
            mendsTo.push({ move: on, width: wide });
            // `to` and `next` hold already; j is the one left to check.
            if (bandKeeps(j, moves)) consider(moves, Math.max(narrowed, joined, wide));
          }
        }
        if (out.length > found) continue;
        // Both bands need mending: one account in for j and one out of `to`, the narrowest few of each.
        const narrowest = (list: { move: Move; width: number }[]) => list.sort((a, b) => a.width - b.width).slice(0, PAIRED_MENDS);
        const outs = narrowest(mendsTo);
        for (const inJ of narrowest(mendsJ)) {
          for (const outTo of outs) {
            if (inJ.move[0] === outTo.move[0]) continue;
            const moves: Move[] = [leave, inJ.move, outTo.move];
            if (bandHolds(moves)) consider(moves, Math.max(narrowed, joined, inJ.width, outTo.width));
          }
        }
      }
    }
    return out.sort((a, b) => a.after - b.after);
  };

  /** Makes the step if no territory ends in more pieces; undoes it otherwise. */
  const tryStep = ({ moves }: Step): boolean => {
    const touched = [...new Set(moves.flatMap(([, from, to]) => [from, to]))];
    for (const t of touched) piecesOf(t);
    for (const [i, , to] of moves) assign[i] = to;
    const arriving = (t: number) => moves.filter(([, , to]) => to === t).map(([i]) => i);
    const after = touched.map((t) => counter.count(t, assign, [members[t], arriving(t)]));
    // No territory split further, and none emptied (an empty territory is outside every band it has).
    if (touched.some((t, q) => after[q] > pieces[t] || after[q] === 0)) {
      for (let m = moves.length - 1; m >= 0; m--) assign[moves[m][0]] = moves[m][1];
      return false;
    }
    for (const [i, from, to] of moves) state.move(i, from, to);
    touched.forEach((t, q) => {
      members[t] = members[t].filter((m) => assign[m] === t).concat(arriving(t));
      width[t] = maxChord2(xyz, members[t]);
      pieces[t] = after[q];
    });
    return true;
  };

  // Territories no step could narrow since a step last touched them. When the widest is one, the next
  // widest is tried while it is within NEAR_WIDEST of it: a step there may free the widest's way out.
  const stuck = Uint8Array.from(ctx.closed);
  let moves = 0;
  const maxSteps = ctx.maxSteps ?? 2 * k;
  ctx.checkpoint?.(0);
  for (let step = 0; step < maxSteps && Date.now() < ctx.deadline; step++) {
    if (step % CHECK_EVERY === 0 && step > 0) ctx.checkpoint?.(step / maxSteps);
    let j = -1;
    let top = 0;
    for (let t = 0; t < k; t++) {
      top = Math.max(top, width[t]);
      if (!stuck[t] && width[t] > 0 && (j < 0 || width[t] > width[j])) j = t;
    }
    if (j < 0 || width[j] < NEAR_WIDEST * NEAR_WIDEST * top) break;
    const made = stepsFor(j, width[j]).find(tryStep);
    if (!made) {
      stuck[j] = 1;
      continue;
    }
    moves += made.moves.length;
    budget -= made.cost;
    for (const [, from, to] of made.moves) {
      stuck[from] = ctx.closed[from];
      stuck[to] = ctx.closed[to];
    }
  }
  ctx.checkpoint?.(1);
  return { assign, moves };
}

/** Territories between two `checkpoint` calls while the widths are measured. */
const SET_UP_TERRITORIES = 100;

/**
 * Each territory's accounts (in index order) and its width, the largest squared chord between two of them:
 * the set-up of the passes on the widest territory (`narrowWidest`, `redrawWidest`). `checkpoint` is called
 * after the members, every 100 territories' widths and at the end (at 1,000,000 accounts this took 0.3 s).
 * O(n + sum of maxChord2).
 * @example territoryWidths(problem, assign).width[0] // => 0.0012
 */
export function territoryWidths(problem: Problem, assign: Int32Array, checkpoint?: () => void): { members: number[][]; width: Float64Array } {
  const members: number[][] = Array.from({ length: problem.k }, () => []);
  for (let i = 0; i < problem.n; i++) if (assign[i] >= 0) members[assign[i]].push(i);
  checkpoint?.();
  const width = Float64Array.from(members, (list, j) => {
    if (j % SET_UP_TERRITORIES === 0) checkpoint?.();
    return maxChord2(problem.xyz, list);
  });
  checkpoint?.();
  return { members, width };
}
