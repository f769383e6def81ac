import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { designTerritories, evaluateTerritories } from '../../src/index.js';
import type { Account, Rep, TerritoryInput } from '../../src/types.js';
import { deepFreeze } from '../support/instances.js';
import { assignmentProblems } from '../support/check-plan.js';
import { numbers } from '../support/finite-numbers.js';


const instance: fc.Arbitrary<TerritoryInput> = fc
  .record({
    k: fc.integer({ min: 1, max: 6 }),
    points: fc.array(
      fc.record({
        lat: fc.double({ min: 20, max: 50, noNaN: true }),
        lon: fc.double({ min: -125, max: -70, noNaN: true }),
        potential: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1e6, noNaN: true }), fc.double({ min: 0, max: 1e9, noNaN: true })),
        workload: fc.integer({ min: 0, max: 8 }),
        lock: fc.integer({ min: -12, max: 5 }),
        current: fc.integer({ min: -3, max: 5 }),
      }),
      { minLength: 1, maxLength: 60 },
    ),
    capacities: fc.array(fc.constantFrom(0.5, 1, 1, 1.5, 3), { minLength: 6, maxLength: 6 }),
    homes: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
  })
  .map(({ k, points, capacities, homes }) => {
    const reps: Rep[] = Array.from({ length: k }, (_, j) => ({
      id: `r${j}`,
      capacity: capacities[j],
      ...(homes[j] ? { home: { lat: points[j % points.length].lat, lon: points[j % points.length].lon } } : {}),
    }));
    const accounts: Account[] = points.map((p, i) => ({
      id: `a${i}`,
      lat: p.lat,
      lon: p.lon,
      potential: p.potential,
      workload: p.workload,
      ...(p.lock >= 0 && p.lock < k ? { lockedRepId: `r${p.lock}` } : {}),
      ...(p.current >= 0 && p.current < k ? { currentRepId: `r${p.current}` } : {}),
    }));
    return { accounts, reps };
  });

describe('designTerritories(random input) invariants', () => {
  it('assigns every account once to an existing rep, keeps locks, leaves the input untouched, reports finite figures', async () => {
    await fc.assert(
      fc.asyncProperty(instance, fc.integer({ min: 0, max: 1000 }), async (input, seed) => {
        const frozen = deepFreeze(structuredClone(input));
        const plan = await designTerritories(frozen, { balance: ['potential', 'workload'], seed });
        expect(assignmentProblems(input, plan)).toEqual([]);
        expect(frozen).toEqual(input);
        expect(numbers(plan.metrics).every(Number.isFinite)).toBe(true);
        expect(numbers(plan.territories.map((t) => [t.totals, t.targets, t.deviations, t.meanDistanceKm, t.maxDiameterKm])).every(Number.isFinite)).toBe(true);
        // The plan's own metrics agree with scoring its assignments from scratch.
        const evaluated = await evaluateTerritories(input, plan.assignments, { balance: ['potential', 'workload'] });
        expect(evaluated.metrics.balance).toEqual(plan.metrics.balance);
        expect(evaluated.metrics.feasible).toBe(plan.metrics.feasible);
      }),
      { numRuns: 60, seed: 20261125 },
    );
  });
});
