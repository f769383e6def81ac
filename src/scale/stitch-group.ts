import type { Problem } from '../input/problem.js';
import type { NeighborGraph } from '../geo/delaunay-graph.js';
import { computeCenters } from '../geo/centers.js';
import { inducedGraph } from '../geo/induced-graph.js';
import { repairBalance } from '../rebalance/repair-balance.js';
import { reattachFragments } from '../rebalance/reattach-fragments.js';
import { chainRepair } from '../rebalance/chain-repair.js';
import { subProblem } from './sub-problem.js';
import { targetsOf } from './group-guard.js';

/**
 * Fragment reattachment and band repair on one group of territories (`accounts` and `reps`, indices into
 * `problem`), as a problem of its own against the whole plan's targets (single moves that keep territories
 * whole, then chains of them, and only then moves that may cut one): the stitch's step for the territories
 * a region border cut, and the band mending of a redrawn group (`redrawWidest`) or of a border's LP plan
 * (`seamPass`). Takes and returns the group's own plan (`localPlan`: rep r is `reps[r]`), so a caller trying a
 * plan for the group need not write it into the whole one. `whole.checkpoint` is called between its steps and
 * from its repairs. `built` holds what the caller has already: the group's `stitchPart`, its induced graph,
 * its targets (`targetsOf`).
 * @example stitchGroup(problem, graph, localPlan(assign, accounts, reps), accounts, reps, { targets, band, fixed, isolated, contiguity: true, deadline }).length // => accounts.length
 */
export function stitchGroup(
  problem: Problem,
  graph: NeighborGraph,
  localIn: Int32Array,
  accounts: Int32Array,
  reps: Int32Array,
  whole: { targets: Float64Array; band: Float64Array; fixed: Int32Array; isolated: Uint8Array; contiguity: boolean; deadline: number; checkpoint?: () => void },
  built?: { part?: Problem; graph?: NeighborGraph; targets?: Float64Array },
): Int32Array {
  const part = built?.part ?? stitchPart(problem, accounts, reps);
  const targets = built?.targets ?? targetsOf(whole.targets, reps, problem.measures.length);
  const ctx = {
    targets,
    band: whole.band,
    graph: built?.graph ?? inducedGraph(graph, accounts),
    fixed: localPlan(whole.fixed, accounts, reps),
    closed: Uint8Array.from(reps, (j) => whole.isolated[j]),
    deadline: whole.deadline,
    checkpoint: whole.checkpoint,
  };
  whole.checkpoint?.();
  let assign: Int32Array = Int32Array.from(localIn);
  let centers = computeCenters(part, assign);
  whole.checkpoint?.();
  const repair = (a: Int32Array) => {
    let result = repairBalance(part, a, { ...ctx, centers, keepContiguous: whole.contiguity });
    // Chains of border moves (each keeps every territory whole) reach bands the single moves get stuck short
    // of; only then may the repair cut territories. Without the chains, clustered 10,000 x 50 (seed 103) left
    // 25 of 50 territories in pieces where the region split stranded accounts, and ZIP 1,000,000 x 2,000
    // 2.3%; with them, none (and ZIP 1,000,000 ran 57.7 -> 54.0 s, max diameter 533 -> 439 km).
    if (result.violation > 1e-12 && whole.contiguity) {
      const chained = chainRepair(part, result.assign, { ...ctx, centers, band: whole.band, deadline: whole.deadline });
      const again = repairBalance(part, chained.assign, { ...ctx, centers, keepContiguous: true });
      if (again.violation < result.violation) result = again;
    }
    if (result.violation > 1e-12 && whole.contiguity) result = repairBalance(part, result.assign, { ...ctx, centers, keepContiguous: false });
    return result;
  };
  let repaired = repair(assign);
  assign = repaired.assign;
  if (whole.contiguity) {
    for (let pass = 0; pass < 3 && Date.now() < whole.deadline; pass++) {
      whole.checkpoint?.();
      centers = computeCenters(part, assign, centers);
      const attached = reattachFragments(part, assign, { ...ctx, centers });
      whole.checkpoint?.();
      if (attached.moved === 0) break;
      const next = repair(attached.assign);
      if (next.violation > repaired.violation + 1e-12) break;
      assign = next.assign;
      repaired = next;
    }
  }
  return assign;
}

/** The group as a problem of its own, as `stitchGroup` works on it (the user's tolerances: the global targets
 *  and band are passed alongside). */
export function stitchPart(problem: Problem, accounts: Int32Array, reps: Int32Array): Problem {
  return subProblem(problem, accounts, reps, problem.measures.map((m) => m.tolerance));
}

/**
 * A group's part of a whole-plan array (an assignment, or the fixed territories) in the group's numbering:
 * account a of the result is `accounts[a]`, and its value r stands for `reps[r]` (-1 where the value is -1 or
 * a rep outside the group).
 * @example localPlan(Int32Array.of(4, 7, 4), Int32Array.of(0, 2), Int32Array.of(4, 7)) // => Int32Array [0, 0]
 */
export function localPlan(assign: Int32Array, accounts: Int32Array, reps: Int32Array): Int32Array {
  const localOf = new Map<number, number>();
  reps.forEach((j, r) => localOf.set(j, r));
  return Int32Array.from(accounts, (i) => localOf.get(assign[i]) ?? -1);
}
