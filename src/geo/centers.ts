import type { Problem } from '../input/problem.js';

/**
 * Territory centres as unit vectors (length 3k): the rep's home when it has one, otherwise the
 * weight-averaged direction of its accounts (the spherical analogue of the weighted centroid, the location
 * step of Lloyd/Hess). An empty territory without a home keeps `previous` (or gets NaN when there is none).
 * O(n + k).
 */
export function computeCenters(problem: Problem, assign: Int32Array, previous?: Float64Array): Float64Array {
  const { n, k, xyz, weight, hasHome, homeXyz } = problem;
  const sum = new Float64Array(3 * k);
  for (let i = 0; i < n; i++) {
    const j = assign[i];
    if (j < 0) continue;
    const w = weight[i];
    sum[3 * j] += w * xyz[3 * i];
    sum[3 * j + 1] += w * xyz[3 * i + 1];
    sum[3 * j + 2] += w * xyz[3 * i + 2];
  }
  // Territories whose weights are all zero still need a centre: fall back to the plain average.
  const count = new Float64Array(k);
  for (let i = 0; i < n; i++) if (assign[i] >= 0) count[assign[i]]++;
  const out = new Float64Array(3 * k);
  for (let j = 0; j < k; j++) {
    if (hasHome[j]) {
      out.set(homeXyz.subarray(3 * j, 3 * j + 3), 3 * j);
      continue;
    }
    let r = Math.hypot(sum[3 * j], sum[3 * j + 1], sum[3 * j + 2]);
    if (!(r > 1e-12) && count[j] > 0) {
      sum.fill(0, 3 * j, 3 * j + 3);
      for (let i = 0; i < n; i++) {
        if (assign[i] !== j) continue;
        sum[3 * j] += xyz[3 * i];
        sum[3 * j + 1] += xyz[3 * i + 1];
        sum[3 * j + 2] += xyz[3 * i + 2];
      }
      r = Math.hypot(sum[3 * j], sum[3 * j + 1], sum[3 * j + 2]);
    }
    if (r > 1e-12) {
      out[3 * j] = sum[3 * j] / r;
      out[3 * j + 1] = sum[3 * j + 1] / r;
      out[3 * j + 2] = sum[3 * j + 2] / r;
    } else if (previous) {
      out.set(previous.subarray(3 * j, 3 * j + 3), 3 * j);
    } else {
      out.fill(NaN, 3 * j, 3 * j + 3);
    }
  }
  return out;
}
