/**
 * The balance repair's single-move rule written the plain way, as a reference for `repairBalance`: every step
 * rescans every candidate (accounts of territories outside their band and their neighbours), sorts them by
 * cost per unit of violation removed, and takes the first that does not cut its territory. It stops when no
 * single move helps (`repairBalance` then tries swaps). O(moves x candidates): for tests only.
 */
import type { Problem } from '../../src/input/problem.js';
import { accountCost, beyondLimit } from '../../src/rebalance/account-cost.js';
import { BandState } from '../../src/rebalance/band-state.js';
import { cutsTerritory, type RepairContext } from '../../src/rebalance/repair-balance.js';
import { nearestCenters } from '../../src/cluster/nearest-centers.js';

export function repairByRescan(problem: Problem, assignIn: Int32Array, ctx: RepairContext): { assign: Int32Array; moves: number } {
  const { n, k } = problem;
  const { offsets, neighbors, site } = ctx.graph;
  const assign = Int32Array.from(assignIn);
  const state = new BandState(problem, assign, ctx.targets, ctx.band);
  const C = Math.min(k, 6);
  const near = ctx.keepContiguous ? null : nearestCenters(problem.xyz, n, ctx.centers, k, C, ctx.closed);
  const atSpot = new Map<number, number[]>();
  if (site) for (let i = 0; i < n; i++) atSpot.set(site[i], [...(atSpot.get(site[i]) ?? []), i]);
  const destinations = (i: number): Set<number> => {
    const out = new Set<number>();
    const add = (j: number) => j >= 0 && j !== assign[i] && !ctx.closed[j] && out.add(j);
    for (let e = offsets[i]; e < offsets[i + 1]; e++) add(assign[neighbors[e]]);
    if (site && atSpot.get(site[i])!.length > 1) for (const other of atSpot.get(site[i])!) add(assign[other]);
    if (near) for (let c = 0; c < C; c++) if (near[i * C + c] !== assign[i]) add(near[i * C + c]);
    return out;
  };
  const refused = new Set<string>();
  let moves = 0;
  while (state.total() > 1e-12 && moves < (ctx.maxMoves ?? 20 * k + 100)) {
    const bad = (j: number) => state.violation(j) > 1e-12;
    const candidates: { i: number; from: number; to: number; score: number }[] = [];
    for (let i = 0; i < n; i++) {
      let pool = bad(assign[i]);
      for (let e = offsets[i]; e < offsets[i + 1] && !pool; e++) pool = bad(assign[neighbors[e]]);
      if (!pool || ctx.fixed[i] >= 0) continue;
      const from = assign[i];
      for (const to of destinations(i)) {
        if (!ctx.allowBeyondLimit && beyondLimit(problem, i, to) && !beyondLimit(problem, i, from)) continue;
        const gain = -state.moveDelta(i, from, to);
        if (gain > 1e-12) candidates.push({ i, from, to, score: (accountCost(problem, ctx.centers, i, to) - accountCost(problem, ctx.centers, i, from)) / gain });
      }
    }
    candidates.sort((a, b) => a.score - b.score);
    const move = candidates.find((m) => {
      if (refused.has(`${m.i}:${m.to}`)) return false;
      if (ctx.keepContiguous && cutsTerritory(m.i, assign, ctx.graph)) return !refused.add(`${m.i}:${m.to}`);
      return true;
    });
    if (!move) break;
    state.move(move.i, move.from, move.to);
    assign[move.i] = move.to;
    moves++;
  }
  return { assign, moves };
}
