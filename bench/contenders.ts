/**
 * The contenders of the main table, each a function from an instance to assignments. `exact` is not here:
 * it needs our plan first (see `exact.ts`).
 */
import { clustersKmeans } from '@turf/turf';
import { designTerritories } from '../src/index.js';
import type { Assignment, TerritoryInput } from '../src/types.js';
import { accountVectors, greedyBalanced, kmeansPlusPlusCentres } from './greedy.js';

export type Contender = 'territory-design' | 'ours:highs' | 'ours:js-lp-solver' | 'turf-kmeans' | 'greedy' | 'exact';
/** The contenders a run has by default, ours first (ratios are taken against the first row of each instance). */
export const CONTENDERS: readonly Contender[] = ['territory-design', 'turf-kmeans', 'greedy', 'exact'];
/** Every contender `--contenders` may name: the defaults, and ours with each LP backend fixed (the evidence
 *  behind `solver: 'auto'`). */
export const ALL_CONTENDERS: readonly Contender[] = ['territory-design', 'ours:highs', 'ours:js-lp-solver', 'turf-kmeans', 'greedy', 'exact'];
/** The exact contender runs only up to this many accounts. */
export const EXACT_MAX_N = 1000;
export const TOLERANCE = 0.05;
export const SEED = 1;

/** turf `clustersKmeans` on the account points (plain k-means, no balancing); cluster i goes to rep i. */
export function turfKmeans(input: TerritoryInput): Assignment[] {
  const k = input.reps.length;
  const fc = {
    type: 'FeatureCollection' as const,
    features: input.accounts.map((a) => ({
      type: 'Feature' as const,
      properties: {},
      geometry: { type: 'Point' as const, coordinates: [a.lon, a.lat] },
    })),
  };
  const out = clustersKmeans(fc, { numberOfClusters: k, mutate: true });
  return out.features.map((f, i) => ({ accountId: input.accounts[i].id, repId: input.reps[f.properties.cluster ?? 0].id }));
}

/** Runs one contender (not `exact`) on `input` and returns its assignments. */
export async function runContender(contender: Exclude<Contender, 'exact'>, input: TerritoryInput, balance: string[]): Promise<Assignment[]> {
  if (contender === 'territory-design' || contender === 'ours:highs' || contender === 'ours:js-lp-solver') {
    const solver = contender === 'ours:highs' ? 'highs' : contender === 'ours:js-lp-solver' ? 'javascript-lp-solver' : 'auto';
    const plan = await designTerritories(input, { balance, tolerance: TOLERANCE, seed: SEED, solver });
    return plan.assignments;
  }
  if (contender === 'turf-kmeans') return turfKmeans(input);
  const xyz = accountVectors(input);
  return greedyBalanced(input, xyz, kmeansPlusPlusCentres(xyz, input.reps.length, SEED));
}
