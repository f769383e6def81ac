import type { NeighborGraph } from '../geo/delaunay-graph.js';
import { territoryHull } from '../geo/territory-hull.js';
import type { Problem } from '../input/problem.js';
import { within } from '../util/progress.js';
import type { PlanMetrics, Territory, TerritoryHull } from '../types.js';
import { balanceMetrics } from './balance.js';
import { compactnessMetrics } from './compactness.js';
import { disruptionMetrics } from './disruption.js';
import { homeDistanceMetrics } from './home-distance.js';
import { overlapMetrics } from './overlap.js';
import { computeTargets } from './targets.js';
import { territoryCenters } from './territory-centers.js';
import { territoryDiameterKm } from './territory-diameter.js';
import { territoryMembers } from './territory-members.js';
import { territoryTotals } from './territory-totals.js';

/** What `computeMetrics` needs besides the problem and the plan. */
export interface MetricsContext {
  /** Neighbour graph of all accounts (Delaunay), for contiguity. */
  graph: NeighborGraph;
  /** Build territory hulls and the overlap figures that need them. */
  hulls: boolean;
  /** 1 for reps isolated around an oversized account (see `isolatedReps`), length k. */
  isolated: Uint8Array;
  /** Milliseconds per pipeline stage, passed through to the metrics. Default `{}`. */
  timings?: Record<string, number>;
  /** Called with the share of the work done, in [0, 1], between steps and every `CHECK_TERRITORIES`
   *  territories within the per-territory ones (at 1,000,000 accounts the metrics ran 2-2.5 s); it may throw
   *  to abort. */
  checkpoint?: (fraction: number) => void;
}

/** Territories between two checkpoints in the per-territory steps (diameters, hulls). */
const CHECK_TERRITORIES = 50;

/**
 * Scores a complete plan (DESIGN.md stage 7): one `Territory` per rep, in rep order, and the plan's
 * `PlanMetrics`. Pure: reads the problem and the plan, writes neither.
 *
 * Steps: members per territory (counting sort); totals and targets per balanced measure (`computeTargets`,
 * so isolated reps keep their nominal target and the rest share what is left); deviations and the band
 * (`balanceMetrics`; feasible only when every territory is inside every band); centres (`territoryCenters`:
 * home, else the weighted direction of the accounts); distances and the objective (`compactnessMetrics`);
 * diameters (`territoryDiameterKm`, exact); hulls (`territoryHull`, when asked) and overlap and contiguity
 * (`overlapMetrics`); disruption against `currentRepId` (`disruptionMetrics`); km from accounts to their rep's
 * home (`homeDistanceMetrics`).
 *
 * Every number in the result is finite: zero targets, empty territories and all-zero measures have defined
 * figures (see `relativeDeviation`, `isInBand`).
 *
 * O(n x B + k x B) plus the diameters (O(m log m) per territory of m accounts, see `territoryDiameterKm`),
 * contiguity O(n + edges), and the hull work when `hulls` is on.
 * @param problem the normalised problem
 * @param assign territory index per account (length n), each in [0, k)
 * @param context neighbour graph, hull switch, isolated reps and stage timings
 * @throws Error when `assign` leaves an account unassigned or names a territory outside [0, k)
 * @example
 * const { metrics } = computeMetrics(problem, assign, { graph, hulls: true, isolated: new Uint8Array(problem.k) });
 * metrics.feasible // => true
 */
export function computeMetrics(
  problem: Problem,
  assign: Int32Array,
  context: MetricsContext,
): { territories: Territory[]; metrics: PlanMetrics } {
  const { k, n, measures, accountIds, repIds } = problem;
  if (assign.length !== n) throw new Error(`computeMetrics: assign has length ${assign.length}, expected ${n}`);
  if (context.isolated.length !== k) {
    throw new Error(`computeMetrics: isolated has length ${context.isolated.length}, expected ${k}`);
  }
  const B = measures.length;
  const checkpoint = context.checkpoint;
  const members = territoryMembers(assign, k);
  checkpoint?.(0);
  const sizes = members.map((list) => list.length);
  const totals = territoryTotals(problem, members);
  checkpoint?.(0.05);
  const targets = computeTargets(problem, context.isolated, assign);
  const balance = balanceMetrics(problem, totals, targets, sizes);
  const centers = territoryCenters(problem, assign, members);
  checkpoint?.(0.1);
  const diameters = new Float64Array(k);
  for (let j = 0; j < k; j++) {
    if (checkpoint && j % CHECK_TERRITORIES === 0) checkpoint(0.1 + (0.3 * j) / k);
    diameters[j] = territoryDiameterKm(problem.xyz, members[j]);
  }
  const compact = compactnessMetrics(problem, members, centers, diameters, within(checkpoint, 0.4, 0.05));
  checkpoint?.(0.45);

  let hulls: (TerritoryHull | null)[] | null = null;
  if (context.hulls) {
    hulls = new Array(k);
    for (let j = 0; j < k; j++) {
      if (checkpoint && j % CHECK_TERRITORIES === 0) checkpoint(0.45 + (0.25 * j) / k);
      const c = centers.latLon[j];
      hulls[j] = members[j].length > 0 && c ? territoryHull(problem.lat, problem.lon, members[j], c, repIds[j]) : null;
    }
  }
  checkpoint?.(0.7);
  const overlap = overlapMetrics(problem, assign, members, context.graph, hulls, within(checkpoint, 0.7, 0.25));
  checkpoint?.(0.95);

  // Territories list their accounts in the caller's order (the problem holds them in id order): one pass
  // over the input positions, each account appended to its territory's list.
  const byInput = new Int32Array(n);
  for (let i = 0; i < n; i++) byInput[problem.inputIndex[i]] = i;
  const idLists: string[][] = Array.from({ length: k }, () => []);
  for (let at = 0; at < n; at++) idLists[assign[byInput[at]]].push(accountIds[byInput[at]]);
  const territories: Territory[] = new Array(k);
  for (let j = 0; j < k; j++) {
    // fromEntries defines own properties, so even an attribute called "__proto__" comes out as a key.
    const byName = (table: Float64Array): Record<string, number> =>
      Object.fromEntries(measures.map((m, b) => [m.name, table[j * B + b]]));
    territories[j] = {
      repId: repIds[j],
      accountIds: idLists[j],
      totals: byName(totals),
      targets: byName(targets),
      deviations: byName(balance.deviations),
      center: centers.latLon[j],
      hull: hulls ? hulls[j] : null,
      meanDistanceKm: compact.meanDistanceKm[j],
      maxDiameterKm: diameters[j],
      contiguous: overlap.contiguous[j],
      isolated: context.isolated[j] === 1,
    };
  }

  return {
    territories,
    metrics: {
      feasible: balance.feasible,
      balance: balance.balance,
      compactness: compact.compactness,
      overlap: overlap.overlap,
      disruption: disruptionMetrics(problem, assign),
      homeDistance: homeDistanceMetrics(problem, assign),
      timings: { ...(context.timings ?? {}) },
    },
  };
}
