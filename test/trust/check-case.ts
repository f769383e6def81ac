/**
 * Everything a generated case must satisfy, as a list of problems (empty = the case passes), shared by the
 * quick property suite, `npm run fuzz` and the replay of saved fixtures.
 */
import { designTerritories, evaluateTerritories } from '../../src/index.js';
import type { DesignOptions, TerritoryInput, TerritoryPlan } from '../../src/types.js';
import { deepFreeze, mulberry32, rotated } from '../support/instances.js';
import { assignmentProblems, balancedMeasures, recomputeBalance } from '../support/check-plan.js';
import { finiteProblems } from '../support/finite-numbers.js';
import { buildCase, type CaseSpec } from './cases.js';

/** Which of the costlier checks to run (each is one more design of the case). */
export interface CheckSelection {
  /** Shuffle the accounts: no balance or compactness figure may change. (Reps are not shuffled: a rep's
   *  place in the list is its territory's index, which seeding follows; see the README's limits.) */
  permutation?: boolean;
  /** Add a constant to every longitude (homes too): no balance or compactness figure may change, on every
   *  geography, degenerate ones (a line, a grid of duplicates, one spot) and reps sharing a home included.
   *  Before the problem frame (`frameLongitude`) this held only for points in general position with distinct
   *  homes: exact ties between distances were decided by the rotation's rounding. */
  rotation?: boolean;
}

/** Relative float noise allowed between figures that must agree. */
const NOISE = 1e-9;

/** The balance and compactness figures of a plan by name (the figures that must not depend on order or rotation). */
export function balanceFigures(metrics: TerritoryPlan['metrics']): Record<string, number> {
  const out: Record<string, number> = { feasible: metrics.feasible ? 1 : 0 };
  for (const b of metrics.balance) {
    out[`${b.measure}.maxDeviation`] = b.maxDeviation;
    out[`${b.measure}.meanAbsDeviation`] = b.meanAbsDeviation;
    out[`${b.measure}.inBandShare`] = b.inBandShare;
    out[`${b.measure}.coefficientOfVariation`] = b.coefficientOfVariation;
  }
  const c = metrics.compactness;
  Object.assign(out, {
    meanDistanceKm: c.meanDistanceKm,
    potentialWeightedDistanceKm: c.potentialWeightedDistanceKm,
    maxDiameterKm: c.maxDiameterKm,
    objective: c.objective,
  });
  return out;
}

/** Every figure, the overlap ones too (for comparing a plan with `evaluateTerritories` of it). An overlap
 *  ratio cut short by its time (`skippedPairs`) is a lower bound that depends on the clock, so with `cut` it
 *  is left out here and `overlapBoundProblems` checks it instead. */
function allFigures(metrics: TerritoryPlan['metrics'], cut: boolean): Record<string, number> {
  const o = metrics.overlap;
  return {
    ...balanceFigures(metrics),
    ...(cut ? {} : { areaRatio: o.areaRatio }),
    accountsInOtherHullsShare: o.accountsInOtherHullsShare,
    contiguousShare: o.contiguousShare,
  };
}

/** When one of two overlap ratios of the same plan was cut short, it may not exceed the other (it is a lower
 *  bound of the same sum); when both were, either may be lower. */
function overlapBoundProblems(a: TerritoryPlan['metrics'], b: TerritoryPlan['metrics']): string[] {
  const aCut = (a.overlap.skippedPairs ?? 0) > 0;
  const bCut = (b.overlap.skippedPairs ?? 0) > 0;
  if (aCut === bCut) return [];
  const [cut, whole] = aCut ? [a, b] : [b, a];
  const ok = cut.overlap.areaRatio <= whole.overlap.areaRatio * (1 + NOISE) + 1e-12;
  return ok ? [] : [`overlap cut short ${cut.overlap.areaRatio} above the whole ${whole.overlap.areaRatio}`];
}

/** Names of the figures that differ beyond float noise, with both values. */
export function figureDifferences(what: string, a: Record<string, number>, b: Record<string, number>): string[] {
  const out: string[] = [];
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[key];
    const y = b[key];
    if (!(Math.abs(x - y) <= NOISE * Math.max(Math.abs(x), Math.abs(y)) + 1e-12)) out.push(`${what}: ${key} ${x} vs ${y}`);
  }
  return out;
}

/** The input with its accounts shuffled (the objects themselves shared, not copied). */
function shuffled(input: TerritoryInput, seed: number): TerritoryInput {
  const rand = mulberry32(seed);
  const shuffle = <T>(items: readonly T[]): T[] => {
    const out = [...items];
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  };
  return { accounts: shuffle(input.accounts), reps: input.reps };
}

/** Codes of the warnings that explain a plan outside its band. */
const BAND_EXPLANATIONS = new Set(['band-not-met', 'account-exceeds-band', 'locks-break-band', 'empty-territory']);

/**
 * Designs the case and checks it: every account once to an existing rep with locks kept (checked
 * independently), the input untouched, every figure finite, territory totals equal to a recomputation,
 * `evaluateTerritories` of the plan agreeing with its own metrics, an infeasible plan explained by a
 * warning, and (as selected) the same figures after shuffling or rotating the input.
 */
export async function checkCase(spec: CaseSpec, selection: CheckSelection = {}): Promise<string[]> {
  const { input, options } = buildCase(spec);
  const pristine = structuredClone(input);
  const frozen = deepFreeze(structuredClone(input));
  const problems: string[] = [];
  let plan: TerritoryPlan;
  try {
    plan = await designTerritories(frozen, options);
  } catch (error) {
    return [`designTerritories threw: ${error instanceof Error ? error.stack : String(error)}`];
  }
  problems.push(...assignmentProblems(input, plan));
  if (JSON.stringify(frozen) !== JSON.stringify(pristine)) problems.push('the input was changed');
  problems.push(...finiteProblems(plan.metrics, 'metrics'));
  problems.push(...finiteProblems(plan.territories.map((t) => [t.totals, t.targets, t.deviations, t.meanDistanceKm, t.maxDiameterKm, t.center]), 'territories'));
  problems.push(...totalsProblems(input, options, plan));
  if (!plan.metrics.feasible && !plan.warnings.some((w) => BAND_EXPLANATIONS.has(w.code))) {
    problems.push(`plan outside its band without a warning saying why (warnings: ${plan.warnings.map((w) => w.code).join(', ') || 'none'})`);
  }
  try {
    const evaluated = await evaluateTerritories(input, plan.assignments, options);
    const cut = (plan.metrics.overlap.skippedPairs ?? 0) > 0 || (evaluated.metrics.overlap.skippedPairs ?? 0) > 0;
    problems.push(...figureDifferences('evaluateTerritories', allFigures(plan.metrics, cut), allFigures(evaluated.metrics, cut)));
    problems.push(...overlapBoundProblems(plan.metrics, evaluated.metrics));
  } catch (error) {
    problems.push(`evaluateTerritories threw: ${error instanceof Error ? error.message : String(error)}`);
  }
  const base = balanceFigures(plan.metrics);
  // A run cut by timeLimitMs stops where the clock says, so two of them need not agree: compare only runs
  // that finished.
  const finished = (p: TerritoryPlan) => !p.warnings.some((w) => w.code === 'time-limit');
  if (selection.permutation && finished(plan)) {
    const other = await designTerritories(shuffled(input, spec.seed + 1), options);
    if (finished(other)) problems.push(...figureDifferences('shuffled input', base, balanceFigures(other.metrics)));
  }
  if (selection.rotation && finished(plan)) {
    const degrees = 10 + (spec.seed % 331);
    const other = await designTerritories(rotated(input, degrees), options);
    if (finished(other)) problems.push(...figureDifferences(`rotated ${degrees} degrees`, base, balanceFigures(other.metrics)));
  }
  return problems;
}

/** Each territory's totals against a plain recomputation from the assignments. */
function totalsProblems(input: TerritoryInput, options: DesignOptions, plan: TerritoryPlan): string[] {
  const out: string[] = [];
  for (const r of recomputeBalance(input, plan, balancedMeasures(options))) {
    plan.territories.forEach((t, j) => {
      const got = t.totals[r.measure];
      const want = r.totals[j];
      if (!(Math.abs(got - want) <= NOISE * Math.max(1, Math.abs(want)))) out.push(`territory ${t.repId} ${r.measure} total ${got}, recomputed ${want}`);
    });
  }
  return out;
}
