import { describe, expect, it } from 'vitest';
import { seedEmptyReps } from '../../src/cluster/incumbent-start.js';
import { cutsTerritory } from '../../src/rebalance/repair-balance.js';
import { delaunayGraph } from '../../src/geo/delaunay-graph.js';
import { computeCenters } from '../../src/geo/centers.js';
import { makeProblem, nearestAllocation } from '../rebalance/problems.js';
import { uniformInstance } from '../support/instances.js';

describe('seedEmptyReps(problem, assign, ctx)', () => {
  // 600 accounts by nearest centre among reps 0-5; rep 6 holds nothing, its centre on an account whose
  // leaving would cut its territory in two.
  const problem = makeProblem(uniformInstance({ n: 600, k: 7, seed: 3 }), { balance: ['potential'] });
  const graph = delaunayGraph(problem.xyz, problem.n);
  const closed = Uint8Array.from({ length: problem.k }, (_, j) => (j === 6 ? 1 : 0));
  const start = nearestAllocation(problem, computeCenters(problem, Int32Array.from({ length: problem.n }, (_, i) => i % 6)), closed);
  const cutter = start.findIndex((_, i) => cutsTerritory(i, start, graph));
  const centers = computeCenters(problem, start);
  centers.set(problem.xyz.subarray(3 * cutter, 3 * cutter + 3), 3 * 6);
  const fixed = new Int32Array(problem.n).fill(-1);

  it('gives the empty rep an account near its centre whose leaving cuts nothing, and no other rep loses its last', () => {
    expect(cutter).toBeGreaterThanOrEqual(0);
    const assign = Int32Array.from(start);
    expect(seedEmptyReps(problem, assign, { centers, fixed, closed: new Uint8Array(problem.k), graph })).toBe(1);
    const moved = [...assign.keys()].filter((i) => assign[i] !== start[i]);
    expect(moved).toHaveLength(1);
    const [seed] = moved;
    expect(assign[seed]).toBe(6);
    expect(seed).not.toBe(cutter);
    expect(cutsTerritory(seed, start, graph)).toBe(false);
    // Among the 16 accounts nearest the centre.
    const d = (i: number) => (problem.xyz[3 * i] - centers[18]) ** 2 + (problem.xyz[3 * i + 1] - centers[19]) ** 2 + (problem.xyz[3 * i + 2] - centers[20]) ** 2;
    expect([...start.keys()].filter((i) => d(i) < d(seed)).length).toBeLessThan(16);
  });

  it('takes no fixed account, and seeds no closed rep', () => {
    const assign = Int32Array.from(start);
    const allFixed = Int32Array.from(start);
    expect(seedEmptyReps(problem, assign, { centers, fixed: allFixed, closed: new Uint8Array(problem.k), graph })).toBe(0);
    expect(seedEmptyReps(problem, assign, { centers, fixed, closed, graph })).toBe(0);
    expect(assign).toEqual(start);
  });
});
