import type { Problem } from '../input/problem.js';
import type { NeighborGraph } from '../geo/delaunay-graph.js';
import { computeCenters } from '../geo/centers.js';
import { nearestCenters } from './nearest-centers.js';
import { accountCost, beyondLimit } from '../rebalance/account-cost.js';
import { cutsTerritory } from '../rebalance/repair-balance.js';
import { chord2 } from '../geo/unit-vector.js';

/**
 * Centres for realignment (length 3k): today's territories' centres (`computeCenters` over `current`; homes
 * stay pinned). A rep with neither a home nor a current account (a new rep) is placed where the most of
 * today's territories meet: the account whose Delaunay neighbourhood (itself and its neighbours) touches the
 * most distinct current territories, ties to the one farther from any centre placed so far (beyond rounding),
 * then the lower index. A new territory there can take a little from each of several neighbours, which is what keeps
 * knock-on moves few. Deterministic. O(n x degree + new reps x n).
 * @example incumbentCenters(problem, graph).length // => 3 * problem.k
 */
export function incumbentCenters(problem: Problem, graph: NeighborGraph): Float64Array {
  const { n, k, xyz, current } = problem;
  const centers = computeCenters(problem, current);
  const { offsets, neighbors } = graph;
  const meets = new Int32Array(n);
  const seen: number[] = [];
  for (let i = 0; i < n; i++) {
    seen.length = 0;
    if (current[i] >= 0) seen.push(current[i]);
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const j = current[neighbors[e]];
      if (j >= 0 && !seen.includes(j)) seen.push(j);
    }
    meets[i] = seen.length;
  }
  for (let j = 0; j < k; j++) {
    if (Number.isFinite(centers[3 * j])) continue;
    let best = -1;
    let bestGap = -1;
    for (let i = 0; i < n; i++) {
      if (best >= 0 && meets[i] < meets[best]) continue;
      let gap = Infinity;
      for (let t = 0; t < k; t++) {
        if (!Number.isFinite(centers[3 * t])) continue;
        const dx = xyz[3 * i] - centers[3 * t];
        const dy = xyz[3 * i + 1] - centers[3 * t + 1];
        const dz = xyz[3 * i + 2] - centers[3 * t + 2];
        gap = Math.min(gap, dx * dx + dy * dy + dz * dz);
      }
      // Gaps within rounding are a tie (kept by the lower index): both accounts of a two-account territory
      // are equally far from its centre, and which one rounding favoured changed when the map turned.
      if (best < 0 || meets[i] > meets[best] || gap > bestGap * (1 + 1e-9) + 1e-18) {
        best = i;
        bestGap = gap;
      }
    }
    centers.set(xyz.subarray(3 * best, 3 * best + 3), 3 * j);
  }
  return centers;
}

/**
 * The starting plan of a realignment, in place of clustering: every fixed account on its rep, every other
 * account with its current rep (unless that rep is closed), and the rest (new accounts, or those of a closed
 * or removed rep) grown into from the territories around them, wave by wave along the Delaunay graph: each
 * joins one of the territories it touches, one it fits in (inside the band on every measure with it) before
 * one it does not, then the cheapest (`accountCost`). (Spreading them over their nearest centres instead left
 * ~45 detached pieces on 2,000 accounts x 20 reps, which contiguity repair then could not undo.) Loose
 * accounts no wave reaches go to the best of their `candidates` nearest centres. Then the centres of that
 * plan. O(n log k + loose x waves x degree x B).
 */
export function incumbentStart(
  problem: Problem,
  ctx: { centers: Float64Array; graph: NeighborGraph; fixed: Int32Array; closed: Uint8Array; candidates: number; targets: Float64Array; band: Float64Array },
): { assign: Int32Array; centers: Float64Array } {
  const { n, k, current, measures } = problem;
  const B = measures.length;
  const assign = new Int32Array(n).fill(-1);
  const load = new Float64Array(k * B);
  const loose: number[] = [];
  for (let i = 0; i < n; i++) {
    if (ctx.fixed[i] >= 0) assign[i] = ctx.fixed[i];
    else if (current[i] >= 0 && !ctx.closed[current[i]]) assign[i] = current[i];
    else loose.push(i);
    if (assign[i] >= 0) for (let b = 0; b < B; b++) load[assign[i] * B + b] += measures[b].values[i];
  }
  if (loose.length === 0) return { assign, centers: computeCenters(problem, assign, ctx.centers) };
  const fits = (i: number, j: number) =>
    measures.every((m, b) => !(ctx.targets[j * B + b] > 0) || load[j * B + b] + m.values[i] <= (1 + ctx.band[b]) * ctx.targets[j * B + b]);
  const put = (i: number, j: number) => {
    assign[i] = j;
    for (let b = 0; b < B; b++) load[j * B + b] += measures[b].values[i];
  };
  // The best of some territories for account i: one it fits in before one it does not, then the cheapest.
  const choose = (i: number, options: Iterable<number>): number => {
    let best = -1;
    let bestFits = false;
    let bestCost = Infinity;
    for (const j of options) {
      const ok = fits(i, j);
      const value = accountCost(problem, ctx.centers, i, j);
      if (best < 0 || (ok && !bestFits) || (ok === bestFits && value < bestCost)) {
        best = j;
        bestFits = ok;
        bestCost = value;
      }
    }
    return best;
  };
  // Waves from the assigned accounts inward: each loose account joins a territory it touches in the
  // Delaunay graph, so every territory grows into the gap in one piece.
  const { offsets, neighbors } = ctx.graph;
  const touching = (i: number) => {
    const out = new Set<number>();
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const j = assign[neighbors[e]];
      if (j >= 0 && !ctx.closed[j]) out.add(j);
    }
    return out;
  };
  let left = loose;
  while (left.length > 0) {
    const wave: { i: number; cost: number }[] = [];
    const rest: number[] = [];
    for (const i of left) {
      const options = touching(i);
      if (options.size === 0) rest.push(i);
      else wave.push({ i, cost: accountCost(problem, ctx.centers, i, choose(i, options)) });
    }
    if (wave.length === 0) break;
    wave.sort((a, b) => a.cost - b.cost || a.i - b.i);
    for (const { i } of wave) put(i, choose(i, touching(i)));
    left = rest;
  }
  // Accounts no assigned account reaches (an island of new accounts, or every rep closed): the best of
  // their nearest centres.
  if (left.length > 0) {
    const C = Math.min(ctx.candidates, k);
    const near = nearestCenters(problem.xyz, n, ctx.centers, k, C, ctx.closed);
    for (const i of left) {
      const options = Array.from(near.subarray(i * C, (i + 1) * C)).filter((j) => j >= 0);
      put(i, options.length > 0 ? choose(i, options) : nearestCenters(problem.xyz.subarray(3 * i, 3 * i + 3), 1, ctx.centers, k, 1)[0]);
    }
  }
  return { assign, centers: computeCenters(problem, assign, ctx.centers) };
}

/**
 * Gives each open rep that holds no account (a new rep without a home, placed where territories meet) the
 * free account nearest its centre, taken from whoever holds it: with no account it has no border, and chains
 * of border moves cannot grow it. Never a fixed account nor a rep's last one; of the SEED_TRIES nearest,
 * the first whose leaving does not cut its territory in two and that lies within the rep's distance limit,
 * else the nearest. Reps whose centre is not a number are left alone. Returns how many reps it seeded.
 * O(empty reps x n x SEED_TRIES) at worst, one pass over the accounts a rep.
 */
export function seedEmptyReps(problem: Problem, assign: Int32Array, ctx: { centers: Float64Array; fixed: Int32Array; closed: Uint8Array; graph: NeighborGraph }): number {
  const { n, k, xyz } = problem;
  const held = new Int32Array(k);
  let seeded = 0;
  for (let i = 0; i < n; i++) if (assign[i] >= 0) held[assign[i]]++;
  for (let j = 0; j < k; j++) {
    if (held[j] > 0 || ctx.closed[j] || !Number.isFinite(ctx.centers[3 * j])) continue;
    // The SEED_TRIES accounts that may move nearest the centre, nearest first (the lower index first among
    // equals), in one pass.
    const near: number[] = [];
    const dist: number[] = [];
    for (let i = 0; i < n; i++) {
      if (ctx.fixed[i] >= 0 || (assign[i] >= 0 && held[assign[i]] <= 1)) continue;
      const d = chord2(xyz, i, ctx.centers, j);
      if (!(d < (near.length === SEED_TRIES ? dist[SEED_TRIES - 1] : Infinity))) continue;
      let at = near.length;
      while (at > 0 && d < dist[at - 1]) at--;
      near.splice(at, 0, i);
      dist.splice(at, 0, d);
      if (near.length > SEED_TRIES) near.pop(), dist.pop();
    }
    const first = near.length > 0 ? near[0] : -1;
    let pick = -1;
    for (const i of near) {
      const cuts = assign[i] >= 0 && cutsTerritory(i, assign, ctx.graph);
      if (!cuts && !beyondLimit(problem, i, j)) {
        pick = i;
        break;
      }
    }
    if (pick < 0) pick = first;
    if (pick < 0) continue;
    if (assign[pick] >= 0) held[assign[pick]]--;
    assign[pick] = j;
    held[j]++;
    seeded++;
  }
  return seeded;
}

/** Accounts nearest an empty rep's centre that `seedEmptyReps` tries before it takes the nearest anyway. */
const SEED_TRIES = 16;
