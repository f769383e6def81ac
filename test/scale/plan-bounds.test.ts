import { describe, expect, it } from 'vitest';
import { planBounds } from '../../src/scale/plan-bounds.js';
import { computeTargets } from '../../src/metrics/targets.js';
import { uniformInstance } from '../support/instances.js';
import { makeProblem } from '../rebalance/problems.js';

describe('planBounds(problem, assign, isolated)', () => {
  const base = uniformInstance({ n: 40, k: 4, seed: 9 });
  // Account 5 locked to r2; rep 3 isolated (as around an account no band can hold).
  const input = { ...base, accounts: base.accounts.map((a, i) => (i === 5 ? { ...a, lockedRepId: 'r2' } : a)) };
  const problem = makeProblem(input, { balance: [{ measure: 'potential', tolerance: 0.04 }, { measure: 'workload', tolerance: 0.1 }] });
  const assign = Int32Array.from({ length: problem.n }, (_, i) => i % 4);
  const isolated = Uint8Array.of(0, 0, 0, 1);

  it('fixes locked accounts to their rep and every account of an isolated rep where it is, and no other', () => {
    const { fixed } = planBounds(problem, assign, isolated);
    for (let i = 0; i < problem.n; i++) {
      const expected = problem.locked[i] >= 0 ? problem.locked[i] : assign[i] === 3 ? 3 : -1;
      expect(fixed[i]).toBe(expected);
    }
    expect(problem.locked.filter((j) => j >= 0)).toHaveLength(1);
  });

  it('gives the targets of the reps with the isolated ones set aside, and the tolerance of each measure', () => {
    const { fixed, targets, band } = planBounds(problem, assign, isolated);
    expect(Array.from(targets)).toEqual(Array.from(computeTargets(problem, isolated, fixed)));
    expect(Array.from(band)).toEqual([0.04, 0.1]);
  });

  it('also fixes an oversized account where it is when no rep is set aside (every rep holds one)', () => {
    // Account 0 holds ten times all the others' potential: too big for any band.
    const giant = { ...base, accounts: base.accounts.map((a, i) => (i === 0 ? { ...a, potential: 10 * base.accounts.reduce((s, b) => s + b.potential, 0) } : a)) };
    const p = makeProblem(giant, { balance: ['potential'] });
    const at = p.inputIndex.indexOf(0);
    const a = Int32Array.from({ length: p.n }, (_, i) => i % 4);
    const { fixed } = planBounds(p, a, new Uint8Array(4));
    for (let i = 0; i < p.n; i++) expect(fixed[i]).toBe(i === at ? a[at] : -1);
  });
});
