/**
 * Shared set-up for the cluster and rebalance tests: problems built through the public boundary
 * (`validateInput` + `normalizeInput`), plus independent recomputations of loads and deviations written with
 * plain loops, so a bug in the engine's own bookkeeping cannot make both sides agree.
 */
import { validateInput } from '../../src/input/validate-input.js';
import { normalizeInput } from '../../src/input/normalize-input.js';
import type { Problem } from '../../src/input/problem.js';
import type { DesignOptions, TerritoryInput } from '../../src/types.js';

/** The Problem the pipeline would build from `input` and `options`. */
export function makeProblem(input: TerritoryInput, options?: DesignOptions): Problem {
  const { input: valid, options: resolved } = validateInput(input, options);
  return normalizeInput(valid, resolved);
}

/** Squared chord distance from account i to centre j, written out here. */
export function chordTo(problem: Problem, centers: Float64Array, i: number, j: number): number {
  let d = 0;
  for (let c = 0; c < 3; c++) d += (problem.xyz[3 * i + c] - centers[3 * j + c]) ** 2;
  return d;
}

/** Plain nearest-centre allocation (no balance at all), by brute force over every centre. */
export function nearestAllocation(problem: Problem, centers: Float64Array, closed?: Uint8Array): Int32Array {
  const assign = new Int32Array(problem.n);
  for (let i = 0; i < problem.n; i++) {
    let best = -1;
    let bestD = Infinity;
    for (let j = 0; j < problem.k; j++) {
      if (closed?.[j]) continue;
      const d = chordTo(problem, centers, i, j);
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    assign[i] = best;
  }
  return assign;
}

/** Load per territory and measure (k x B), recomputed from the assignment. */
export function loads(problem: Problem, assign: Int32Array): Float64Array {
  const B = problem.measures.length;
  const load = new Float64Array(problem.k * B);
  for (let i = 0; i < problem.n; i++) {
    if (assign[i] < 0) continue;
    for (let b = 0; b < B; b++) load[assign[i] * B + b] += problem.measures[b].values[i];
  }
  return load;
}

/** Largest |load / target - 1| over territories with a positive target and over measures (or per measure). */
export function maxDeviation(problem: Problem, assign: Int32Array, targets: Float64Array, measure?: number): number {
  const B = problem.measures.length;
  const load = loads(problem, assign);
  let worst = 0;
  for (let j = 0; j < problem.k; j++) {
    for (let b = 0; b < B; b++) {
      if (measure !== undefined && b !== measure) continue;
      const t = targets[j * B + b];
      if (t > 0) worst = Math.max(worst, Math.abs(load[j * B + b] / t - 1));
    }
  }
  return worst;
}

/** Sum over territories and measures of how far each is outside `band` (the BandState definition, re-derived). */
export function bandExcess(problem: Problem, assign: Int32Array, targets: Float64Array, band: ArrayLike<number>): number {
  const B = problem.measures.length;
  const load = loads(problem, assign);
  let total = 0;
  for (let j = 0; j < problem.k; j++) {
    for (let b = 0; b < B; b++) {
      const t = targets[j * B + b];
      if (t > 0) total += Math.max(0, Math.abs(load[j * B + b] / t - 1) - band[b]);
    }
  }
  return total;
}

/** Accounts per territory. */
export function counts(assign: Int32Array, k: number): number[] {
  const out = new Array<number>(k).fill(0);
  for (const j of assign) if (j >= 0) out[j]++;
  return out;
}
