import { describe, expect, it } from 'vitest';
import { designTerritories } from '../../src/index.js';
import type { TerritoryInput } from '../../src/types.js';
import { uniformInstance } from '../support/instances.js';

const rad = Math.PI / 180;

/**
 * The optimum of the engine's objective by brute force over every assignment of a tiny instance:
 * sum over territories of sum_i w_i |x_i - c|^2 with c the best unit-length centre (the normalised weighted
 * mean), which is 2 W - 2 |sum_i w_i x_i|. Weights as the contract's normaliser defines them for one balanced
 * measure: 0.05 + m_i / mean(m). Only assignments inside the band count.
 */
function bruteForceOptimum(input: TerritoryInput, tolerance: number): number {
  const n = input.accounts.length;
  const k = input.reps.length;
  const m = input.accounts.map((a) => a.potential);
  const mean = m.reduce((s, v) => s + v, 0) / n;
  const w = m.map((v) => 0.05 + v / mean);
  const x = input.accounts.map((a) => [Math.cos(a.lat * rad) * Math.cos(a.lon * rad), Math.cos(a.lat * rad) * Math.sin(a.lon * rad), Math.sin(a.lat * rad)]);
  const target = (mean * n) / k;
  let best = Infinity;
  const assign = new Array<number>(n).fill(0);
  const total = k ** n;
  for (let code = 0; code < total; code++) {
    let c = code;
    for (let i = 0; i < n; i++) {
      assign[i] = c % k;
      c = Math.floor(c / k);
    }
    const load = new Array<number>(k).fill(0);
    for (let i = 0; i < n; i++) load[assign[i]] += m[i];
    if (load.some((l) => Math.abs(l / target - 1) > tolerance + 1e-12)) continue;
    let objective = 0;
    for (let j = 0; j < k; j++) {
      let W = 0;
      const s = [0, 0, 0];
      for (let i = 0; i < n; i++) {
        if (assign[i] !== j) continue;
        W += w[i];
        for (let d = 0; d < 3; d++) s[d] += w[i] * x[i][d];
      }
      objective += 2 * W - 2 * Math.hypot(s[0], s[1], s[2]);
    }
    best = Math.min(best, objective);
  }
  return best;
}

describe('designTerritories(tiny input) compactness', () => {
  it('reaches within 3% of the brute-force optimum of the weighted squared-distance objective', async () => {
    let compared = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const input = uniformInstance({ n: 10, k: 3, seed });
      const tolerance = 0.2;
      const optimum = bruteForceOptimum(input, tolerance);
      if (!Number.isFinite(optimum)) continue;
      // The brute force knows no contiguity, so the engine is asked the same question: balance + compactness.
      const plan = await designTerritories(input, { balance: ['potential'], tolerance, seed: 1, contiguity: false });
      expect(plan.metrics.feasible).toBe(true);
      expect(plan.metrics.compactness.objective).toBeLessThanOrEqual(optimum * 1.03 + 1e-12);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(6);
  });
});
