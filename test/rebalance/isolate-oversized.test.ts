import { describe, expect, it } from 'vitest';
import { seedCenters } from '../../src/cluster/seed-centers.js';
import { isolateOversized } from '../../src/rebalance/isolate-oversized.js';
import { designTerritories, evaluateTerritories } from '../../src/index.js';
import { assignmentProblems } from '../support/check-plan.js';
import type { TerritoryInput } from '../../src/types.js';
import { deepFreeze, mulberry32, uniformInstance } from '../support/instances.js';
import { chordTo, makeProblem } from './problems.js';

/**
 * 60 accounts over 6 equal reps where account a0 is worth the sum of all the others: the total is then
 * 2 S, each target 2 S / 6 = S / 3, and a0 alone is 3x a target.
 */
function withGiant(lockedRepId?: string): TerritoryInput {
  const base = uniformInstance({ n: 60, k: 6, seed: 31 });
  const others = base.accounts.slice(1).reduce((sum, a) => sum + a.potential, 0);
  const accounts = base.accounts.map((a, i) => (i === 0 ? { ...a, potential: others, ...(lockedRepId ? { lockedRepId } : {}) } : a));
  return { accounts, reps: base.reps };
}

describe('isolateOversized(problem, centers)', () => {
  it('fixes an account worth 3x a target to the rep with the nearest centre, closes that rep, and warns once', () => {
    const problem = makeProblem(deepFreeze(withGiant()), { balance: ['potential'] });
    const centers = seedCenters(problem, mulberry32(2));
    const { fixed, closed, warnings } = isolateOversized(problem, centers);
    const nearest = Array.from({ length: problem.k }, (_, j) => j).sort((a, b) => chordTo(problem, centers, 0, a) - chordTo(problem, centers, 0, b))[0];
    expect(fixed[0]).toBe(nearest);
    expect(Array.from(fixed.subarray(1))).toEqual(new Array(problem.n - 1).fill(-1));
    expect(Array.from(closed)).toEqual(Array.from({ length: problem.k }, (_, j) => (j === nearest ? 1 : 0)));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ code: 'account-exceeds-band', accountId: 'a0', repId: `r${nearest}`, measure: 'potential' });
    expect(warnings[0].message).toContain('account a0');
    expect(warnings[0].message).toContain('3.00x');
  });

  it('isolates an oversized locked account on its locked rep', () => {
    const problem = makeProblem(withGiant('r4'), { balance: ['potential'] });
    const { fixed, closed, warnings } = isolateOversized(problem, seedCenters(problem, mulberry32(2)));
    expect(fixed[0]).toBe(4);
    expect(closed[4]).toBe(1);
    expect(closed.reduce((s, c) => s + c, 0)).toBe(1);
    expect(warnings.map((w) => [w.accountId, w.repId])).toEqual([['a0', 'r4']]);
  });

  it('pins locked accounts, closes nothing and warns about nothing when no account is oversized', () => {
    const base = uniformInstance({ n: 80, k: 5, seed: 3 });
    const accounts = base.accounts.map((a, i) => (i % 9 === 0 ? { ...a, lockedRepId: `r${i % 5}` } : a));
    const problem = makeProblem({ accounts, reps: base.reps }, { balance: ['potential', 'workload'] });
    const { fixed, closed, warnings } = isolateOversized(problem, seedCenters(problem, mulberry32(1)));
    // The problem holds accounts in id order; inputIndex maps each back to its place in the input.
    expect(Array.from(fixed)).toEqual(Array.from(problem.inputIndex, (i) => (i % 9 === 0 ? i % 5 : -1)));
    expect(Array.from(closed)).toEqual([0, 0, 0, 0, 0]);
    expect(warnings).toEqual([]);
  });

  it('gives two oversized accounts two different reps, the larger one first to its nearest', () => {
    // Ten accounts of 1 around (0, 0); two giants of 20 and 30 at (0, 1), closest to centre 0 (at (0, 1)).
    const accounts = [
      ...Array.from({ length: 10 }, (_, i) => ({ id: `s${i}`, lat: i / 10, lon: -i / 10, potential: 1 })),
      { id: 'g20', lat: 0, lon: 1, potential: 20 },
      { id: 'g30', lat: 0, lon: 1, potential: 30 },
    ];
    const problem = makeProblem({ accounts, reps: Array.from({ length: 4 }, (_, j) => ({ id: `r${j}` })) }, { balance: ['potential'] });
    // Centres: r0 at (0, 1), r1 at (0, 2), r2 and r3 far away.
    const centers = new Float64Array(12);
    [[0, 1], [0, 2], [40, 40], [-40, -40]].forEach(([lat, lon], j) => {
      centers[3 * j] = Math.cos((lat * Math.PI) / 180) * Math.cos((lon * Math.PI) / 180);
      centers[3 * j + 1] = Math.cos((lat * Math.PI) / 180) * Math.sin((lon * Math.PI) / 180);
      centers[3 * j + 2] = Math.sin((lat * Math.PI) / 180);
    });
    const { fixed, closed, warnings } = isolateOversized(problem, centers);
    expect(fixed[problem.accountIds.indexOf('g30')]).toBe(0);
    expect(fixed[problem.accountIds.indexOf('g20')]).toBe(1);
    expect(Array.from(closed)).toEqual([1, 1, 0, 0]);
    expect(warnings.map((w) => w.accountId)).toEqual(['g30', 'g20']);
  });
});

/** 3 reps and three accounts each worth more than a rep's share of potential or of workload (the fuzz case
 *  that found this: one with 90% of the potential, two with 45% and 38% of the workload), among `small`
 *  accounts worth a little of each. */
function threeGiants(small: number): TerritoryInput {
  const accounts = [
    { id: 'g1', lat: 10, lon: 10, potential: 90, workload: 0 },
    { id: 'g2', lat: 10, lon: 20, potential: 0, workload: 45 },
    { id: 'g3', lat: 20, lon: 15, potential: 0, workload: 38 },
    ...Array.from({ length: small }, (_, i) => ({ id: `s${i}`, lat: 10 + (i % 7), lon: 10 + Math.floor(i / 7), potential: 0.2, workload: 0.3 })),
  ];
  return deepFreeze({ accounts, reps: [{ id: 'r0' }, { id: 'r1' }, { id: 'r2' }] });
}
const BOTH = { balance: ['potential', 'workload'], tolerance: 0.02 };

describe('isolateOversized when every rep holds an oversized account', () => {
  it('pins each to its own rep but closes none while other accounts are free, and says so', () => {
    const problem = makeProblem(threeGiants(35), BOTH);
    const { fixed, closed, warnings } = isolateOversized(problem, seedCenters(problem, mulberry32(3)));
    const reps = ['g1', 'g2', 'g3'].map((id) => fixed[problem.accountIds.indexOf(id)]);
    expect(new Set(reps).size).toBe(3);
    expect(Array.from(closed)).toEqual([0, 0, 0]);
    expect(warnings.map((w) => w.accountId).sort()).toEqual(['g1', 'g2', 'g3']);
    for (const w of warnings) expect(w.message).toContain('no rep is set aside');
  });

  it('closes them all when no other account is left to place', () => {
    const problem = makeProblem(threeGiants(0), BOTH);
    const { closed, warnings } = isolateOversized(problem, seedCenters(problem, mulberry32(3)));
    expect(Array.from(closed)).toEqual([1, 1, 1]);
    for (const w of warnings) expect(w.message).toContain('isolated on rep');
  });

  it('gives designTerritories a full plan: every account once to a rep (it threw on an unassigned account)', async () => {
    const input = threeGiants(35);
    const plan = await designTerritories(input, { ...BOTH, seed: 1 });
    expect(assignmentProblems(input, plan)).toEqual([]);
    expect(plan.metrics.feasible).toBe(false);
    expect(plan.warnings.filter((w) => w.code === 'account-exceeds-band')).toHaveLength(3);
    // evaluateTerritories of the same plan sees the same: no territory set aside.
    const scored = await evaluateTerritories(input, plan.assignments, { ...BOTH, seed: 1 });
    expect(plan.territories.map((t) => t.isolated)).toEqual([false, false, false]);
    expect(scored.territories.map((t) => t.isolated)).toEqual([false, false, false]);
    expect(scored.metrics.balance).toEqual(plan.metrics.balance);
  });
});
