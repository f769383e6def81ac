import type { Problem } from './problem.js';
import type { ResolvedOptions } from '../types.js';
import { computeCenters } from '../geo/centers.js';
import { chord2 } from '../geo/unit-vector.js';
import { EARTH_RADIUS_KM } from '../geo/haversine.js';

/** Squared chord on the unit sphere of a great-circle distance in km: (2 sin(d / 2R))^2. */
export function kmToChord2(km: number): number {
  if (!Number.isFinite(km)) return Infinity;
  const s = 2 * Math.sin(Math.min(Math.PI, km / EARTH_RADIUS_KM) / 2);
  return s * s;
}

/**
 * The realignment terms of a problem, in the units of the objective (weight x squared chord):
 * - `moveCost[i]`: what account i costs in a territory other than its current one. The unit is the mean
 *   compactness cost of an account in today's plan (weight x squared chord to today's territory centre, the
 *   home for a rep with one), so `disruption.weight` means the same on a city and on a continent; times the
 *   account's potential over the mean potential with `per: 'potential'`. All 0 when realignment is off or no
 *   account has a current rep.
 * - `maxChord2[j]`: the squared chord of rep j's `maxDistanceKm` (its own, else the global option) when it has
 *   a home, Infinity otherwise.
 * O(n + k).
 * @param problem a problem whose `moveCost` and `maxChord2` are not read (they are what this computes)
 * @param options resolved options (`disruption`, `maxDistanceKm`)
 * @param repLimits per rep its own `maxDistanceKm`, undefined where it has none
 * @example realignCosts(problem, { ...options, disruption: null }, []).moveCost.every((c) => c === 0) // => true
 */
export function realignCosts(
  problem: Omit<Problem, 'realign' | 'moveCost' | 'maxChord2'>,
  options: Pick<ResolvedOptions, 'disruption' | 'maxDistanceKm'>,
  repLimits: readonly (number | undefined)[],
): Pick<Problem, 'realign' | 'moveCost' | 'maxChord2'> {
  const { n, k, current, weight, potential, xyz, hasHome } = problem;
  const maxChord2 = new Float64Array(k).fill(Infinity);
  for (let j = 0; j < k; j++) if (hasHome[j]) maxChord2[j] = kmToChord2(repLimits[j] ?? options.maxDistanceKm);

  const moveCost = new Float64Array(n);
  const disruption = options.disruption;
  let incumbents = 0;
  for (let i = 0; i < n; i++) if (current[i] >= 0) incumbents++;
  if (!disruption || incumbents === 0) return { realign: false, moveCost, maxChord2 };

  const centers = computeCenters({ ...problem, realign: false, moveCost, maxChord2 }, current);
  let unit = 0;
  let meanPotential = 0;
  for (let i = 0; i < n; i++) {
    meanPotential += potential[i] / n;
    if (current[i] >= 0) unit += (weight[i] * chord2(xyz, i, centers, current[i])) / incumbents;
  }
  // Everything on one spot: any positive unit will do, there is no distance to trade against.
  if (!(unit > 0)) unit = 1e-9;
  for (let i = 0; i < n; i++) {
    if (current[i] < 0) continue;
    const size = disruption.per === 'potential' ? (meanPotential > 0 ? potential[i] / meanPotential : 1) : 1;
    moveCost[i] = disruption.weight * unit * size;
  }
  return { realign: true, moveCost, maxChord2 };
}
