import { describe, expect, it } from 'vitest';
import { designTerritories, evaluateTerritories, safeDesignTerritories, TerritoryInputError } from '../../src/index.js';
import type { DesignOptions, TerritoryInput } from '../../src/types.js';
import { clusteredInstance, ctdpInstance, deepFreeze, uniformInstance, withHomes } from '../support/instances.js';
import { assignmentProblems, balancedMeasures, km, recomputeBalance } from '../support/check-plan.js';

const twoMeasures: DesignOptions = { balance: ['potential', 'workload'], tolerance: 0.05, seed: 7 };

describe('designTerritories(input, options)', () => {
  it('assigns every account exactly once, keeps locks and leaves the frozen input deep-equal', async () => {
    const base = withHomes(uniformInstance({ n: 400, k: 8, seed: 3 }), 3, 3);
    const accounts = base.accounts.map((a, i) => (i % 37 === 0 ? { ...a, lockedRepId: base.reps[i % 8].id } : a));
    const input = deepFreeze({ accounts, reps: base.reps });
    const copy = structuredClone(input);
    const plan = await designTerritories(input, twoMeasures);
    expect(assignmentProblems(input, plan)).toEqual([]);
    expect(input).toEqual(copy);
  });

  it('gives the same plan for the same seed', async () => {
    const input = uniformInstance({ n: 300, k: 6, seed: 11 });
    const a = await designTerritories(input, { seed: 5 });
    const b = await designTerritories(input, { seed: 5 });
    expect(b.assignments).toEqual(a.assignments);
  });

  it('reports balance figures equal to an independent recomputation', async () => {
    const input = uniformInstance({ n: 500, k: 10, seed: 12 });
    const plan = await designTerritories(input, twoMeasures);
    for (const check of recomputeBalance(input, plan, balancedMeasures(twoMeasures))) {
      const reported = plan.metrics.balance.find((b) => b.measure === check.measure)!;
      expect(reported.maxDeviation).toBeCloseTo(check.maxDeviation, 9);
      plan.territories.forEach((t, j) => {
        expect(t.totals[check.measure]).toBeCloseTo(check.totals[j], 6);
        expect(t.targets[check.measure]).toBeCloseTo(check.targets[j], 6);
      });
    }
  });

  it('reports mean distance and diameters equal to an independent recomputation', async () => {
    const input = uniformInstance({ n: 300, k: 6, seed: 13 });
    const plan = await designTerritories(input, { seed: 1 });
    const byId = new Map(input.accounts.map((a) => [a.id, a]));
    for (const t of plan.territories) {
      const pts = t.accountIds.map((id) => byId.get(id)!);
      const mean = pts.reduce((s, a) => s + km(a.lat, a.lon, t.center!.lat, t.center!.lon), 0) / pts.length;
      let diameter = 0;
      for (const a of pts) for (const b of pts) diameter = Math.max(diameter, km(a.lat, a.lon, b.lat, b.lon));
      expect(t.meanDistanceKm).toBeCloseTo(mean, 6);
      expect(t.maxDiameterKm).toBeCloseTo(diameter, 6);
    }
  });

  it('agrees with evaluateTerritories on the same assignments', async () => {
    const input = uniformInstance({ n: 400, k: 8, seed: 14 });
    const plan = await designTerritories(input, twoMeasures);
    const evaluated = await evaluateTerritories(input, plan.assignments, twoMeasures);
    expect(evaluated.metrics.balance).toEqual(plan.metrics.balance);
    expect(evaluated.metrics.compactness).toEqual(plan.metrics.compactness);
    expect(evaluated.metrics.feasible).toBe(plan.metrics.feasible);
  });

  it.each([
    ['uniform', () => uniformInstance({ n: 2000, k: 20, seed: 21 })],
    ['clustered towns', () => clusteredInstance({ n: 2000, k: 20, seed: 22 })],
  ])('balances %s data (2,000 x 20) inside 5%% on potential and workload', async (_name, make) => {
    const input = make();
    const plan = await designTerritories(input, twoMeasures);
    for (const check of recomputeBalance(input, plan, ['potential', 'workload'])) {
      expect(check.maxDeviation).toBeLessThanOrEqual(0.05 + 1e-9);
    }
    expect(plan.metrics.feasible).toBe(true);
  });

  it('balances the CTDP shape (500 units, 10 territories, 3 activities) inside 5%', async () => {
    const input = ctdpInstance({ n: 500, p: 10, seed: 1 });
    const options: DesignOptions = { balance: ['customers', 'demand', 'workload'], tolerance: 0.05, seed: 1 };
    const plan = await designTerritories(input, options);
    for (const check of recomputeBalance(input, plan, balancedMeasures(options))) {
      expect(check.maxDeviation).toBeLessThanOrEqual(0.05 + 1e-9);
    }
    expect(plan.metrics.feasible).toBe(true);
  });

  it('keeps hull overlap under 1% and every territory contiguous with one balanced measure', async () => {
    const input = uniformInstance({ n: 2000, k: 20, seed: 31 });
    const plan = await designTerritories(input, { balance: ['potential'], seed: 3 });
    expect(plan.metrics.feasible).toBe(true);
    expect(plan.metrics.overlap.areaRatio).toBeLessThanOrEqual(0.01);
    expect(plan.metrics.overlap.contiguousShare).toBe(1);
  });

  it('returns a full plan with a warning naming an account worth 3x a target, every other territory in band', async () => {
    const base = uniformInstance({ n: 600, k: 10, seed: 41 });
    const total = base.accounts.reduce((s, a) => s + a.potential, 0);
    const accounts = base.accounts.map((a, i) => (i === 123 ? { ...a, potential: (3 * total) / 7 } : a));
    const input: TerritoryInput = { accounts, reps: base.reps };
    const plan = await designTerritories(input, { balance: ['potential'], seed: 1 });
    expect(assignmentProblems(input, plan)).toEqual([]);
    expect(plan.metrics.feasible).toBe(false);
    const warning = plan.warnings.find((w) => w.code === 'account-exceeds-band');
    expect(warning?.accountId).toBe(accounts[123].id);
    expect(warning?.message).toContain(accounts[123].id);
    const others = plan.territories.filter((t) => !t.isolated);
    expect(others).toHaveLength(9);
    for (const t of others) expect(Math.abs(t.deviations.potential)).toBeLessThanOrEqual(0.05 + 1e-9);
    // The others share what the isolated account leaves, by capacity.
    const owner = plan.assignments[123].repId;
    const rest = input.accounts.filter((a) => plan.assignments.find((x) => x.accountId === a.id)!.repId !== owner).reduce((s, a) => s + a.potential, 0);
    for (const t of others) expect(t.targets.potential).toBeCloseTo(rest / 9, 6);
  });

  it('rejects bad input with a TerritoryInputError, and safeDesignTerritories returns it', async () => {
    const input = uniformInstance({ n: 20, k: 2, seed: 1 });
    const bad = { ...input, accounts: input.accounts.map((a, i) => (i === 12 ? { ...a, lat: 91 } : a)) };
    await expect(designTerritories(bad)).rejects.toThrow(TerritoryInputError);
    const safe = await safeDesignTerritories(bad);
    expect(safe.success).toBe(false);
    if (!safe.success) expect(safe.error.message).toContain('accounts[12].lat');
  });
});
