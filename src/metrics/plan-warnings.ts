import type { Problem } from '../input/problem.js';
import type { PlanMetrics, PlanWarning, Territory } from '../types.js';
import { isInBand } from './band.js';
import { chord2 } from '../geo/unit-vector.js';
import { reportedBeyondLimit } from './home-distance.js';

/** Reps named in a warning message before the rest are counted. */
const NAMED = 10;

/**
 * The warnings a scored plan deserves, as data (STYLE.md: an optimisation outcome is never an exception):
 * - `account-exceeds-band`, one per oversized account, naming the first measure it alone overflows;
 * - `band-not-met`, one per balanced measure with territories outside the band, counting them (a warning
 *   per territory and measure would bury the reader at 500 reps);
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
 * // => { code: 'band-not-met', measure: 'potential', message: '2 of 10 territories are outside the ±5% band on potential (largest deviation +8.1%)' }
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
  for (const m of measures) {
    let out = 0;
    let worst = 0;
    for (const t of territories) {
      if (isInBand(t.totals[m.name], t.targets[m.name], m.tolerance, t.accountIds.length)) continue;
      out++;
      if (Math.abs(t.deviations[m.name]) > Math.abs(worst)) worst = t.deviations[m.name];
    }
    if (out === 0) continue;
    warnings.push({
      code: 'band-not-met',
      message:
        `${out} of ${territories.length} territories are outside the ±${percent(m.tolerance)} band on ` +
        `${m.name} (largest deviation ${worst >= 0 ? '+' : ''}${percent(worst)})`,
      measure: m.name,
    });
  }
  warnings.push(...lockWarnings(problem, territories));
  const beyond = beyondLimitAccounts(problem, territories);
  if (beyond.length > 0) {
    const named = beyond.slice(0, NAMED).join(', ') + (beyond.length > NAMED ? ` and ${beyond.length - NAMED} more` : '');
    warnings.push({
      code: 'beyond-max-distance',
      message: `${beyond.length} ${beyond.length === 1 ? 'account lies' : 'accounts lie'} farther from their rep's home than its maxDistanceKm: ${named}`,
      ...(beyond.length === 1 ? { accountId: beyond[0] } : {}),
    });
  }
  for (const t of territories) {
    if (t.accountIds.length > 0) continue;
    warnings.push({ code: 'empty-territory', message: `rep ${t.repId} has no accounts`, repId: t.repId });
  }
  const split = metrics.overlap.nonContiguous;
  if (split.length > 0) {
    const named = split.slice(0, NAMED).join(', ') + (split.length > NAMED ? ` and ${split.length - NAMED} more` : '');
    warnings.push({
      code: 'not-contiguous',
      message: `${split.length} ${split.length === 1 ? 'territory is' : 'territories are'} not connected: ${named}`,
      ...(split.length === 1 ? { repId: split[0] } : {}),
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
