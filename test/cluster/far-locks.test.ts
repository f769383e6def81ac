import { describe, expect, it } from 'vitest';
import { seedCenters } from '../../src/cluster/seed-centers.js';
import type { Problem } from '../../src/input/problem.js';
import { mulberry32, uniformInstance } from '../support/instances.js';
import { makeProblem } from '../rebalance/problems.js';

// 1,200 accounts and 12 reps: 1,197 over the United States, three heavy ones in Australia locked to rep 0, as
// a region holds the locks of its reps that lie elsewhere in the country (the case that left reps of a
// 100,000 x 500 plan with 2% random locks holding nothing but their locks).
const K = 12;
const input = uniformInstance({ n: 1200, k: K, seed: 21 });
const far = [0, 1, 2];
for (const a of far) Object.assign(input.accounts[a], { lat: -25 - a, lon: 135 + a, potential: 200_000, lockedRepId: input.reps[0].id });
const problem = makeProblem(input, { balance: ['potential'], tolerance: 0.05 });
const locked = Array.from({ length: problem.n }, (_, i) => i).filter((i) => problem.locked[i] >= 0);
/** Whether centre j sits exactly on account i of `p`. */
const isAt = (centers: Float64Array, j: number, i: number, p: Problem = problem) => [0, 1, 2].every((d) => centers[3 * j + d] === p.xyz[3 * i + d]);

describe('far-away locked accounts', () => {
  it('are never drawn as k-means++ seeds (they are the outliers k-means++ favours)', () => {
    expect(locked.length).toBe(3);
    for (let seed = 1; seed <= 10; seed++) {
      const centers = seedCenters(problem, mulberry32(seed));
      expect(centers.every(Number.isFinite)).toBe(true);
      for (let j = 0; j < K; j++) for (const i of locked) expect(isAt(centers, j, i)).toBe(false);
    }
  });

  it('are drawn only once every free account sits on a centre: 2 free places, 3 locked, 4 reps', () => {
    const tiny = makeProblem(
      {
        accounts: [
          { id: 'f0', lat: 40, lon: -100, potential: 1 },
          { id: 'f1', lat: 41, lon: -100, potential: 1 },
          ...[0, 1, 2].map((a) => ({ id: `l${a}`, lat: 30 + a, lon: -80, potential: 1, lockedRepId: 'r0' })),
        ],
        reps: ['r0', 'r1', 'r2', 'r3'].map((id) => ({ id })),
      },
      { balance: ['potential'], tolerance: 0.5 },
    );
    for (let seed = 1; seed <= 5; seed++) {
      const centers = seedCenters(tiny, mulberry32(seed));
      const at = Array.from({ length: 4 }, (_, j) => Array.from({ length: tiny.n }, (_, i) => i).find((i) => isAt(centers, j, i, tiny))!);
      // The first two seeds are the two free places; the other two are distinct locked places, drawn by
      // k-means++ on the accounts' own weights (a uniform draw could repeat a place already taken).
      expect(new Set(at.slice(0, 2).map((i) => tiny.locked[i]))).toEqual(new Set([-1]));
      expect(at.slice(2).every((i) => tiny.locked[i] >= 0)).toBe(true);
      expect(new Set(at).size).toBe(4);
    }
  });
});
