import { describe, expect, it } from 'vitest';
import { workerRunner } from '../../src/scale/run-in-workers.js';
import type { RegionTask } from '../../src/scale/solve-by-regions.js';
import type { SolveSettings } from '../../src/scale/solve-problem.js';
import { delaunayGraph } from '../../src/geo/delaunay-graph.js';
import { solveWithJsLpSolver } from '../../src/rebalance/lp-adapter.js';
import { uniformInstance } from '../support/instances.js';
import { makeProblem } from '../rebalance/problems.js';

describe('workerRunner(threads) when building a region task throws', () => {
  const problem = makeProblem(uniformInstance({ n: 120, k: 3, seed: 9 }), { balance: ['potential'] });
  const graph = delaunayGraph(problem.xyz, problem.n);
  const whole: Omit<RegionTask, 'region'> = {
    problem,
    graph,
    accounts: Int32Array.from({ length: problem.n }, (_, i) => i),
    reps: Int32Array.from({ length: problem.k }, (_, j) => j),
    seed: 1,
  };
  const settings: SolveSettings = { seed: 1, candidates: 4, exactLpMaxAccounts: 300, contiguity: true, deadline: Date.now() + 60_000, solve: solveWithJsLpSolver, solver: 'javascript-lp-solver' };

  it.each([
    ['while the workers start (the second task)', 1],
    ['on a reply, building ahead (the fourth task)', 3],
  ])('rejects with the builder error, %s', async (_, failing) => {
    const run = await workerRunner(2);
    expect(run).not.toBeNull();
    const task = (r: number): RegionTask => {
      if (r === failing) throw new Error(`cannot build region ${r}`);
      return { ...whole, region: r };
    };
    await expect(run!(5, task, settings)).rejects.toThrow(`cannot build region ${failing}`);
  });

  it('resolves to no plans for no regions', async () => {
    const run = await workerRunner(2);
    await expect(run!(0, () => ({ ...whole, region: 0 }), settings)).resolves.toEqual([]);
  });
});
