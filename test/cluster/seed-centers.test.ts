import { describe, expect, it } from 'vitest';
import { seedCenters } from '../../src/cluster/seed-centers.js';
import { mulberry32, uniformInstance, withHomes, clusteredInstance } from '../support/instances.js';
import { makeProblem } from '../rebalance/problems.js';

describe('seedCenters(problem, rand)', () => {
  it('puts every rep with a home exactly on its home vector', () => {
    const problem = makeProblem(withHomes(uniformInstance({ n: 300, k: 9, seed: 2 }), 4, 5));
    const centers = seedCenters(problem, mulberry32(11));
    expect(centers.length).toBe(3 * problem.k);
    for (let j = 0; j < 4; j++) {
      expect(problem.hasHome[j]).toBe(1);
      expect(Array.from(centers.subarray(3 * j, 3 * j + 3))).toEqual(Array.from(problem.homeXyz.subarray(3 * j, 3 * j + 3)));
    }
  });

  it('places the reps without a home on distinct accounts', () => {
    const problem = makeProblem(withHomes(uniformInstance({ n: 300, k: 9, seed: 2 }), 4, 5));
    const centers = seedCenters(problem, mulberry32(11));
    const picked = new Set<number>();
    for (let j = 4; j < problem.k; j++) {
      const i = Array.from({ length: problem.n }, (_, a) => a).find((a) =>
        [0, 1, 2].every((d) => problem.xyz[3 * a + d] === centers[3 * j + d]),
      );
      expect(i).toBeTypeOf('number');
      picked.add(i!);
    }
    // k-means++ gives an account already at a centre zero probability.
    expect(picked.size).toBe(problem.k - 4);
  });

  it('gives the same centres for the same seed and different ones for another seed', () => {
    const problem = makeProblem(clusteredInstance({ n: 400, k: 12, seed: 8 }));
    const a = seedCenters(problem, mulberry32(3));
    const b = seedCenters(problem, mulberry32(3));
    const c = seedCenters(problem, mulberry32(4));
    expect(Array.from(b)).toEqual(Array.from(a));
    expect(Array.from(c)).not.toEqual(Array.from(a));
  });

  it('returns unit vectors only', () => {
    for (const seed of [1, 2, 3]) {
      const problem = makeProblem(withHomes(uniformInstance({ n: 200, k: 15, seed }), seed, seed));
      const centers = seedCenters(problem, mulberry32(seed));
      for (let j = 0; j < problem.k; j++) {
        expect(Math.hypot(centers[3 * j], centers[3 * j + 1], centers[3 * j + 2])).toBeCloseTo(1, 12);
      }
    }
  });

  it('still returns k unit vectors when there are more reps than distinct places', () => {
    const input = {
      accounts: Array.from({ length: 3 }, (_, i) => ({ id: `a${i}`, lat: 10, lon: 20, potential: 1 })),
      reps: Array.from({ length: 5 }, (_, j) => ({ id: `r${j}` })),
    };
    const problem = makeProblem(input);
    const centers = seedCenters(problem, mulberry32(1));
    for (let j = 0; j < 5; j++) {
      expect(Array.from(centers.subarray(3 * j, 3 * j + 3))).toEqual(Array.from(problem.xyz.subarray(0, 3)));
    }
  });
});
