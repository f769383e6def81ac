import type { MeasureColumn, Problem } from '../input/problem.js';

/**
 * The part of `problem` made of some of its accounts and some of its reps, as a Problem of its own
 * (local indices 0..m-1 and 0..r-1). Distance weights are copied, not recomputed, so the region optimises
 * the same objective as the whole. Measure totals are the region's own, so its targets are its total split
 * by capacity; `tolerance` (per measure) replaces each measure's band, for the caller to narrow it by how far
 * the region's total is from its share of the whole. Locks and incumbents pointing at a rep outside the
 * region become -1 (and such an account's move cost 0: it has to move anyway). O(m + r).
 * @param accounts indices of the region's accounts in `problem`
 * @param reps indices of the region's reps in `problem`
 * @example subProblem(problem, Int32Array.of(0, 1), Int32Array.of(0), problem.measures.map((m) => m.tolerance)).n // => 2
 */
export function subProblem(problem: Problem, accounts: Int32Array, reps: Int32Array, tolerance: readonly number[]): Problem {
  const m = accounts.length;
  const r = reps.length;
  const localRep = new Map<number, number>();
  reps.forEach((j, local) => localRep.set(j, local));

  const accountIds: string[] = new Array(m);
  const inputIndex = new Int32Array(m);
  const lat = new Float64Array(m);
  const lon = new Float64Array(m);
  const xyz = new Float64Array(3 * m);
  const potential = new Float64Array(m);
  const weight = new Float64Array(m);
  const locked = new Int32Array(m);
  const current = new Int32Array(m);
  const moveCost = new Float64Array(m);
  const columns = problem.measures.map(() => new Float64Array(m));
  const totals = new Float64Array(problem.measures.length);
  for (let a = 0; a < m; a++) {
    const i = accounts[a];
    accountIds[a] = problem.accountIds[i];
    inputIndex[a] = problem.inputIndex[i];
    lat[a] = problem.lat[i];
    lon[a] = problem.lon[i];
    xyz[3 * a] = problem.xyz[3 * i];
    xyz[3 * a + 1] = problem.xyz[3 * i + 1];
    xyz[3 * a + 2] = problem.xyz[3 * i + 2];
    potential[a] = problem.potential[i];
    weight[a] = problem.weight[i];
    locked[a] = problem.locked[i] >= 0 ? (localRep.get(problem.locked[i]) ?? -1) : -1;
    current[a] = problem.current[i] >= 0 ? (localRep.get(problem.current[i]) ?? -1) : -1;
    moveCost[a] = current[a] >= 0 ? problem.moveCost[i] : 0;
    for (let b = 0; b < columns.length; b++) {
      const v = problem.measures[b].values[i];
      columns[b][a] = v;
      totals[b] += v;
    }
  }
  const measures: MeasureColumn[] = problem.measures.map((measure, b) => ({
    name: measure.name,
    tolerance: tolerance[b],
    values: columns[b],
    total: totals[b],
  }));

  const repIds: string[] = new Array(r);
  const capacity = new Float64Array(r);
  const homeXyz = new Float64Array(3 * r);
  const hasHome = new Uint8Array(r);
  const maxChord2 = new Float64Array(r);
  let capacitySum = 0;
  for (let local = 0; local < r; local++) {
    const j = reps[local];
    repIds[local] = problem.repIds[j];
    capacity[local] = problem.capacity[j];
    capacitySum += capacity[local];
    homeXyz.set(problem.homeXyz.subarray(3 * j, 3 * j + 3), 3 * local);
    hasHome[local] = problem.hasHome[j];
    maxChord2[local] = problem.maxChord2[j];
  }
  const share = capacity.map((c) => c / capacitySum);
  return { n: m, k: r, accountIds, inputIndex, repIds, lat, lon, frameLon: problem.frameLon, xyz, potential, measures, weight, capacity, share, homeXyz, hasHome, locked, current, realign: problem.realign, moveCost, maxChord2 };
}

/**
 * The band a part of the problem (a region, a group of territories) is solved to, so that its reps stay inside
 * the user's band globally: a rep at d from the part's own target is at (1 + d)(1 + offset) - 1 from the
 * global one, where offset = |total / expected - 1| is how far the part's total is from its reps' share of
 * the whole. Inside the user's band whenever |d| <= (tolerance - offset) / (1 + offset); never below half
 * the user's band (a repair against the global targets mends the rest).
 * @example partBand(0.05, 102, 100) // => 0.0294...
 */
export function partBand(tolerance: number, total: number, expected: number): number {
  const offset = expected > 0 ? Math.abs(total / expected - 1) : 0;
  return Math.max((tolerance - offset) / (1 + offset), tolerance / 2);
}
