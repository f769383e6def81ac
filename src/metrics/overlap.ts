import { territoryComponents } from '../geo/components.js';
import type { NeighborGraph } from '../geo/delaunay-graph.js';
import { hullOverlap, pointsInOtherHulls } from '../geo/hull-overlap.js';
import type { Problem } from '../input/problem.js';
import { within } from '../util/progress.js';
import type { Overlap, TerritoryHull } from '../types.js';

/** Overlap of the plan, and whether each territory is connected. */
export interface OverlapResult {
  /** Per territory: connected in the neighbour graph (true when empty). */
  contiguous: boolean[];
  overlap: Overlap;
}

/**
 * How much territories overlap or break apart (DESIGN.md stage 7): the area of pairwise hull intersections
 * over the total hull area and the share of accounts inside another territory's hull (both 0 when hulls are
 * off), and contiguity in the Delaunay graph of all accounts: a territory is contiguous when its accounts
 * form at most one connected component (`territoryComponents`). The contiguous share counts non-empty
 * territories only (1 when every territory is empty), since an empty book is not a broken one.
 *
 * O(n + edges) for contiguity, plus the hull tests of `hullOverlap` and `pointsInOtherHulls`.
 * @param problem the normalised problem
 * @param assign territory index per account
 * @param members account indices per territory (see `territoryMembers`)
 * @param graph neighbour graph of all accounts (CSR, see `delaunayGraph`)
 * @param hulls hull per territory (null entries for empty ones), or null when hulls are off
 * @param checkpoint called with the share done after the contiguity, after the hull overlap and through the
 *   points-in-other-hulls count; it may throw to abort
 * @example overlapMetrics(problem, assign, members, graph, hulls).overlap.contiguousShare // => 1
 */
export function overlapMetrics(
  problem: Problem,
  assign: Int32Array,
  members: readonly Int32Array[],
  graph: NeighborGraph,
  hulls: readonly (TerritoryHull | null)[] | null,
  checkpoint?: (fraction: number) => void,
): OverlapResult {
  const { k, n } = problem;
  const components = territoryComponents(assign, k, graph, checkpoint && (() => checkpoint(0)));
  checkpoint?.(0.2);
  const contiguous: boolean[] = new Array(k);
  const nonContiguous: string[] = [];
  let nonEmpty = 0;
  let connected = 0;
  for (let j = 0; j < k; j++) {
    contiguous[j] = components[j].length <= 1;
    if (members[j].length === 0) continue;
    nonEmpty++;
    if (contiguous[j]) connected++;
    else nonContiguous.push(problem.repIds[j]);
  }
  let areaRatio = 0;
  let skippedPairs = 0;
  let accountsInOtherHullsShare = 0;
  if (hulls) {
    ({ areaRatio, skippedPairs } = hullOverlap(hulls, undefined, within(checkpoint, 0.2, 0.1)));
    checkpoint?.(0.3);
    accountsInOtherHullsShare = n > 0 ? pointsInOtherHulls(problem.lat, problem.lon, assign, hulls, within(checkpoint, 0.3, 0.7)) / n : 0;
  }
  return {
    contiguous,
    overlap: {
      // Degenerate hulls (single points, collinear accounts) have no area at all: no area, no overlap.
      areaRatio: Number.isFinite(areaRatio) ? areaRatio : 0,
      accountsInOtherHullsShare,
      contiguousShare: nonEmpty > 0 ? connected / nonEmpty : 1,
      nonContiguous,
      ...(skippedPairs > 0 ? { skippedPairs } : {}),
    },
  };
}
