import type { Problem } from '../input/problem.js';
import type { PlanMetrics, PlanWarning, Territory } from '../types.js';
import { isInBand } from './band.js';
import { chord2 } from '../geo/unit-vector.js';
import { reportedBeyondLimit } from './home-distance.js';

/** Reps named in a warning message before the rest are counted. */
const NAMED = 10;

/** The first NAMED items, comma-separated, then how many more. */
function named(items: readonly string[]): string {
  return items.slice(0, NAMED).join(', ') + (items.length > NAMED ? ` and ${items.length - NAMED} more` : '');
}

/**
 * The warnings a scored plan deserves, as data (STYLE.md: an optimisation outcome is never an exception):
 * - `account-exceeds-band`, one per oversized account, naming the first measure it alone overflows;
 * - `band-not-met`, one per balanced measure with territories outside the band, counting them and naming the
 *   ten furthest out with their deviations (a warning per territory and measure would bury the reader at 500
 *   reps);
 * - `empty-territory`, one per rep with no accounts;
 * - `not-contiguous`, one for the plan when any territory is split, naming the first ten reps;
 * - `locks-break-band`, one per rep and measure whose locked accounts alone put it above its band (or, with
 *   every unlocked account added, still below it): no plan can meet that band;
 * - `beyond-max-distance`, one for the plan when accounts lie beyond their rep's `maxDistanceKm`, naming ten.
 * O(k x B + oversized x B).
 * @param problem the normalised problem
 * @param territories the scored territories, in rep order (see `computeMetrics`)
 * @param metrics the plan's metrics (see `computeMetrics`)
 * @param oversized indices of accounts too big for any band (see `oversizedAccounts`)
 * @example planWarnings(problem, territories, metrics, [])[0]
 * // => { code: 'band-not-met', measure: 'potential', message: '2 of 10 territories are outside the ±5% band on potential (largest deviation +8.1%): r3 +8.1%, r7 -6.0%' }
 */
export function planWarnings(
  problem: Problem,
  territories: readonly Territory[],
  metrics: PlanMetrics,
  oversized: readonly number[],
): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const { measures, k } = problem;
  let maxShare = 0;
  for (let j = 0; j < k; j++) maxShare = Math.max(maxShare, problem.share[j]);
  for (const i of oversized) {
    const m = measures.find((c) => c.values[i] > 0 && c.values[i] > c.total * maxShare * (1 + c.tolerance)) ?? measures[0];
    const accountId = problem.accountIds[i];
    warnings.push({
      code: 'account-exceeds-band',
      message:
        `account ${accountId} alone holds ${m.values[i]} of ${m.total} ${m.name}, more than the upper edge of ` +
        `any rep's band; its territory is isolated and the other reps share the rest`,
      accountId,
      measure: m.name,
    });
  }
  const signed = (d: number) => `${d >= 0 ? '+' : ''}${percent(d)}`;
  for (const m of measures) {
    const out = territories.filter((t) => !isInBand(t.totals[m.name], t.targets[m.name], m.tolerance, t.accountIds.length));
    if (out.length === 0) continue;
    // Worst first (stable: rep order among equals), so the reps named are the ones to look at.
    out.sort((a, b) => Math.abs(b.deviations[m.name]) - Math.abs(a.deviations[m.name]));
    warnings.push({
      code: 'band-not-met',
      message:
        `${out.length} of ${territories.length} territories are outside the ±${percent(m.tolerance)} band on ` +
        `${m.name} (largest deviation ${signed(out[0].deviations[m.name])}): ${named(out.map((t) => `${t.repId} ${signed(t.deviations[m.name])}`))}`,
      measure: m.name,
      ...(out.length === 1 ? { repId: out[0].repId } : {}),
    });
  }
  warnings.push(...lockWarnings(problem, territories));
  const beyond = beyondLimitAccounts(problem, territories);
  if (beyond.length > 0) {
    warnings.push({
      code: 'beyond-max-distance',
      message: `${beyond.length} ${beyond.length === 1 ? 'account lies' : 'accounts lie'} farther from their rep's home than its maxDistanceKm: ${named(beyond)}`,
      ...(beyond.length === 1 ? { accountId: beyond[0] } : {}),
    });
  }
  for (const t of territories) {
    if (t.accountIds.length > 0) continue;
    warnings.push({ code: 'empty-territory', message: `rep ${t.repId} has no accounts`, repId: t.repId });
  }
  const split = metrics.overlap.nonContiguous;
  if (split.length > 0) {
    warnings.push({
      code: 'not-contiguous',
      message: `${split.length} ${split.length === 1 ? 'territory is' : 'territories are'} not connected: ${named(split)}`,
      ...(split.length === 1 ? { repId: split[0] } : {}),
    });
  }
  const skipped = metrics.overlap.skippedPairs ?? 0;
  if (skipped > 0) {
    warnings.push({
      code: 'overlap-partial',
      message: `${skipped} pairs of territory hulls (wider than a hemisphere or around a pole) were not intersected in the time the overlap metric allows; overlap.areaRatio ${metrics.overlap.areaRatio.toFixed(3)} is a lower bound`,
    });
  }
  return warnings;
}

function percent(x: number): string {
  return `${Number((x * 100).toPrecision(3))}%`;
}

/** Reps whose band no plan can meet because of locks, one warning per rep and measure. O(n x B + k x B). */
function lockWarnings(problem: Problem, territories: readonly Territory[]): PlanWarning[] {
  const { n, k, measures, locked, repIds } = problem;
  const B = measures.length;
  const lockedLoad = new Float64Array(k * B);
  const free = new Float64Array(B);
  let any = false;
  for (let i = 0; i < n; i++) {
    for (let b = 0; b < B; b++) {
      const v = measures[b].values[i];
      if (locked[i] >= 0) lockedLoad[locked[i] * B + b] += v;
      else free[b] += v;
    }
    if (locked[i] >= 0) any = true;
  }
  if (!any) return [];
  const warnings: PlanWarning[] = [];
  for (let j = 0; j < k; j++) {
    measures.forEach((m, b) => {
      const target = territories[j].targets[m.name];
      if (!(target > 0)) return;
      const load = lockedLoad[j * B + b];
      const share = load / target;
      let why: string | null = null;
      if (share > 1 + m.tolerance + 1e-12) why = `accounts locked to rep ${repIds[j]} alone hold ${share.toFixed(2)}x its target of ${m.name}`;
      else if (load + free[b] < (1 - m.tolerance) * target * (1 - 1e-12)) why = `rep ${repIds[j]} stays below its band on ${m.name} even with every unlocked account`;
      if (why) warnings.push({ code: 'locks-break-band', message: `${why} (band ±${percent(m.tolerance)}): no plan can meet it`, repId: repIds[j], measure: m.name });
    });
  }
  return warnings;
}

/** Ids of accounts farther from their rep's home than the rep's `maxDistanceKm`, in rep then input order. O(n). */
function beyondLimitAccounts(problem: Problem, territories: readonly Territory[]): string[] {
  const { xyz, homeXyz, maxChord2, accountIds } = problem;
  if (maxChord2.every((c) => c === Infinity)) return [];
  const index = new Map<string, number>();
  accountIds.forEach((id, i) => index.set(id, i));
  const out: string[] = [];
  territories.forEach((t, j) => {
    if (maxChord2[j] === Infinity) return;
    for (const id of t.accountIds) {
      const i = index.get(id)!;
      if (reportedBeyondLimit(problem, j, chord2(xyz, i, homeXyz, j))) out.push(id);
    }
  });
  return out;
}
