import type { Problem } from '../input/problem.js';
import type { HomeDistance } from '../types.js';
import { chord2 } from '../geo/unit-vector.js';
import { chord2ToKm } from '../geo/haversine.js';

/**
 * How far accounts lie from their rep's home, over the accounts of reps with a home: mean and max
 * great-circle km, and how many lie beyond their rep's `maxDistanceKm` (`problem.maxChord2`). O(n).
 * @returns the figures, or null when no account belongs to a rep with a home
 * @example homeDistanceMetrics(problem, assign) // => { meanKm: 41.2, maxKm: 180.4, beyondLimit: 0 }
 */
export function homeDistanceMetrics(problem: Problem, assign: Int32Array): HomeDistance | null {
  const { n, xyz, hasHome, homeXyz } = problem;
  let count = 0;
  let sumKm = 0;
  let maxKm = 0;
  let beyondLimit = 0;
  for (let i = 0; i < n; i++) {
    const j = assign[i];
    if (j < 0 || !hasHome[j]) continue;
    const c2 = chord2(xyz, i, homeXyz, j);
    const km = chord2ToKm(c2);
    count++;
    sumKm += km;
    maxKm = Math.max(maxKm, km);
    if (reportedBeyondLimit(problem, j, c2)) beyondLimit++;
  }
  return count === 0 ? null : { meanKm: sumKm / count, maxKm, beyondLimit };
}

/**
 * Whether an account at squared chord `c2` from rep j's home is reported beyond j's `maxDistanceKm` (with a
 * float-noise margin, so an account placed exactly at the limit is within it). The one rule the metrics and
 * the warnings share. O(1).
 */
export function reportedBeyondLimit(problem: Problem, j: number, c2: number): boolean {
  return c2 > problem.maxChord2[j] * (1 + 1e-12);
}
