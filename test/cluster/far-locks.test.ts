import { describe, expect, it } from 'vitest';
import { seedCenters } from '../../src/cluster/seed-centers.js';
import { mulberry32, uniformInstance } from '../support/instances.js';
import { makeProblem } from '../rebalance/problems.js';

// 1,200 accounts over the United States and 12 reps; three heavy accounts in Australia are locked to rep 0, as
// a region holds the locks of its reps that lie elsewhere in the country (the case that left reps of a
// 100,000 x 500 plan with 2% random locks holding nothing but their locks).
const K = 12;
const input = uniformInstance({ n: 1200, k: K, seed: 21 });
const far = [0, 1, 2];
for (const a of far) Object.assign(input.accounts[a], { lat: -25 - a, lon: 135 + a, potential: 200_000, lockedRepId: input.reps[0].id });
const problem = makeProblem(input, { balance: ['potential'], tolerance: 0.05 });
const locked = Array.from({ length: problem.n }, (_, i) => i).filter((i) => problem.locked[i] >= 0);
const isAt = (centers: Float64Array, j: number, i: number) => [0, 1, 2].every((d) => centers[3 * j + d] === problem.xyz[3 * i + d]);

describe('far-away locked accounts', () => {
  it('are never drawn as k-means++ seeds (they are the outliers k-means++ favours)', () => {
    expect(locked.length).toBe(3);
    for (let seed = 1; seed <= 10; seed++) {
      const centers = seedCenters(problem, mulberry32(seed));
      for (let j = 0; j < K; j++) for (const i of locked) expect(isAt(centers, j, i)).toBe(false);
    }
  });
});
