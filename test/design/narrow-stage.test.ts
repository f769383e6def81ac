import { describe, expect, it, vi } from 'vitest';
import { designTerritories } from '../../src/index.js';
import { removeRep } from '../../src/realign/what-if.js';
import { maxChord2 } from '../../src/metrics/max-chord2.js';
import { chord2ToKm } from '../../src/geo/haversine.js';
import type { Problem } from '../../src/input/problem.js';
import { buildInstance, CTDP_BALANCE } from '../../bench/instances.js';
import { clusteredInstance } from '../support/instances.js';

// Records what the widest-territory pass is given and returns, to see that the plan is the pass's output.
const calls = vi.hoisted(() => [] as { problem: Problem; input: Int32Array; output: Int32Array }[]);
vi.mock('../../src/rebalance/narrow-widest.js', async (original) => {
  const real = await original<typeof import('../../src/rebalance/narrow-widest.js')>();
  return {
    ...real,
    narrowWidest: (...args: Parameters<typeof real.narrowWidest>) => {
      const result = real.narrowWidest(...args);
      calls.push({ problem: args[0], input: Int32Array.from(args[1]), output: result.assign });
      return result;
    },
  };
});

/** The plan's largest territory diameter in km, recomputed from an assignment. */
function widestKm(problem: Problem, assign: Int32Array): number {
  const members: number[][] = Array.from({ length: problem.k }, () => []);
  assign.forEach((j, i) => members[j].push(i));
  return Math.max(...members.map((list) => chord2ToKm(maxChord2(problem.xyz, list))));
}

describe('designTerritories: the widest territories narrowed', () => {
  // Measured: n = 1,000, p = 10: 683 -> 449 units of the CTDP square (1 unit = 1 km here), 0.66x; n = 10,000,
  // p = 160: 151 -> 124, 0.82x (138, 0.91x, without the paired moves for two broken bands). Since the LP pass
  // across the regions' borders (`seamPass`), the solve hands this pass 127 units at n = 10,000 (the seam pass
  // had narrowed the same strip), and the pass takes it to 117.6: a smaller share (0.93x) of a narrower plan,
  // so that row also holds the plan's widest territory under the 124 it reached before. Each row holds the
  // widest territory it ends with (449 and 117.6 units) by a small margin. What the solve hands the pass is
  // not held: it is the seams' and the regions' doing, and it varies by seed and with the float rounding alone
  // (n = 10,000, p = 160, seeds 14-18: 126.9 / 190.1 / 128.3 / 142.2 / 131.3 units; seed 14 with longitudes
  // rounded to 2^-28 degree: 153.6, narrowed to 115.9).
  it.each([
    [1000, 10, 0.8, 455],
    [10_000, 160, 0.95, 120],
  ])('returns the pass output, narrower than the solve left it (CTDP n = %i, p = %i, at most %fx, under %f units)', async (n, p, bound, units) => {
    calls.length = 0;
    const input = buildInstance({ name: 'ctdp', family: 'ctdp', n, k: p, seed: 14, balance: CTDP_BALANCE });
    const plan = await designTerritories(input, { balance: CTDP_BALANCE, tolerance: 0.05, seed: 1, hulls: false });
    expect(calls).toHaveLength(1);
    const { problem, input: before, output } = calls[0];
    expect(plan.assignments.map((a) => a.repId)).toEqual(Array.from(output, (j) => input.reps[j].id));
    expect(widestKm(problem, output)).toBeLessThan(bound * widestKm(problem, before));
    expect(widestKm(problem, output)).toBeLessThan(units);
    expect(plan.metrics.compactness.maxDiameterKm).toBeCloseTo(widestKm(problem, output), 6);
    expect(plan.metrics.feasible).toBe(true);
    expect(plan.metrics.overlap.contiguousShare).toBe(1);
  });

  // Issue 3's figure for this shape is the published mean of the best max diameter, about 127 units. Measured
  // over seeds 14-18: 117.6 / 118.0 / 128.3 / 132.9 / 116.9 (mean 122.7); with longitudes rounded to 2^-28
  // degree, 115.9 / 114.8 / 117.2 / 132.9 / 116.9 (mean 119.5).
  it('keeps the widest territory of CTDP n = 10,000, p = 160 under the published 127 units on average over 5 seeds, every plan in band and contiguous', async () => {
    const widest: number[] = [];
    for (let seed = 14; seed <= 18; seed++) {
      const input = buildInstance({ name: 'ctdp', family: 'ctdp', n: 10_000, k: 160, seed, balance: CTDP_BALANCE });
      const plan = await designTerritories(input, { balance: CTDP_BALANCE, tolerance: 0.05, seed: 1, hulls: false });
      expect(plan.metrics.feasible).toBe(true);
      expect(plan.metrics.overlap.contiguousShare).toBe(1);
      widest.push(plan.metrics.compactness.maxDiameterKm);
    }
    expect(widest.reduce((a, b) => a + b, 0) / widest.length).toBeLessThan(127);
  });

  it('is skipped when the solve ran out of time, so the run still ends near its limit', async () => {
    calls.length = 0;
    const input = buildInstance({ name: 'ctdp', family: 'ctdp', n: 1000, k: 10, seed: 14, balance: CTDP_BALANCE });
    const plan = await designTerritories(input, { balance: CTDP_BALANCE, tolerance: 0.05, seed: 1, hulls: false, timeLimitMs: 50 });
    expect(plan.warnings.map((w) => w.code)).toContain('time-limit');
    expect(calls).toHaveLength(0);
  });

  it('is skipped in a realignment, where every move is a customer who changes rep', async () => {
    const input = clusteredInstance({ n: 300, k: 5, seed: 3 });
    const options = { balance: ['potential', 'workload'], tolerance: 0.05, seed: 1, hulls: false };
    const plan = await designTerritories(input, options);
    calls.length = 0;
    await removeRep({ input, plan }, 'r2', options);
    expect(calls).toHaveLength(0);
  });
});
