import type { Problem } from '../input/problem.js';

/**
 * Initial territory centres (unit vectors, length 3k). Reps with a home start there (and stay pinned);
 * the others are placed by weighted k-means++ (Arthur & Vassilvitskii 2007): each next centre is an account
 * drawn with probability proportional to weight x squared chord distance to the nearest centre so far, where
 * the weight is the account's distance weight (potential-led). Locked accounts are not drawn while a free
 * account can be: their rep is set, and k-means++ favours the outliers a region's locked accounts often are
 * (those of its reps that lie in other regions), so a centre drawn there found no free account near it and
 * its rep ended with only its own locks, if any (20,000 x 100 with 2% of accounts locked to random reps: 17
 * of 100 reps left that way by the regions; at 100,000 x 500 the stitch then ran into the time limit).
 * Seeded, so the same seed gives the same centres. O(n x k).
 * @example seedCenters(problem, mulberry32(42)).length // => 3 * problem.k
 */
export function seedCenters(problem: Problem, rand: () => number): Float64Array {
  const { n, k, xyz, weight, hasHome, homeXyz } = problem;
  const free = freeWeights(problem);
  const centers = new Float64Array(3 * k).fill(NaN);
  const nearest = new Float64Array(n).fill(Infinity);
  const update = (j: number) => {
    for (let i = 0; i < n; i++) {
      const dx = xyz[3 * i] - centers[3 * j];
      const dy = xyz[3 * i + 1] - centers[3 * j + 1];
      const dz = xyz[3 * i + 2] - centers[3 * j + 2];
      const d = dx * dx + dy * dy + dz * dz;
      if (d < nearest[i]) nearest[i] = d;
    }
  };
  let placed = 0;
  for (let j = 0; j < k; j++) {
    if (!hasHome[j]) continue;
    centers.set(homeXyz.subarray(3 * j, 3 * j + 3), 3 * j);
    update(j);
    placed++;
  }
  for (let j = 0; j < k; j++) {
    if (hasHome[j]) continue;
    const near = placed === 0 ? null : nearest;
    // Free accounts first; when every free one already sits on a centre, any account by its own weight.
    let i = drawIndex(free, n, rand, near, false);
    if (i < 0) i = drawIndex(weight, n, rand, near, true);
    centers.set(xyz.subarray(3 * i, 3 * i + 3), 3 * j);
    update(j);
    placed++;
  }
  return centers;
}

/** The accounts' distance weights, 0 for a locked account. */
function freeWeights(problem: Problem): Float64Array {
  return problem.weight.map((w, i) => (problem.locked[i] >= 0 ? 0 : w));
}

/** Draws an account index with probability proportional to weight (x nearest distance when given). When
 *  every such product is 0, -1 without drawing, or with `anyIfNone` any account, uniformly. */
function drawIndex(weight: Float64Array, n: number, rand: () => number, nearest: Float64Array | null, anyIfNone: boolean): number {
  let total = 0;
  for (let i = 0; i < n; i++) total += weight[i] * (nearest ? nearest[i] : 1);
  // Every account coincides with a centre already: any account will do (more reps than distinct places).
  if (!(total > 0)) return anyIfNone ? Math.floor(rand() * n) : -1;
  let r = rand() * total;
  for (let i = 0; i < n; i++) {
    r -= weight[i] * (nearest ? nearest[i] : 1);
    if (r <= 0) return i;
  }
  return n - 1;
}
