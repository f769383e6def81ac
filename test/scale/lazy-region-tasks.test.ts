import { describe, expect, it, vi } from 'vitest';
import { runInProcess, solveByRegions, type RegionRunner } from '../../src/scale/solve-by-regions.js';
import { solveRegion } from '../../src/scale/solve-region.js';
import { delaunayGraph } from '../../src/geo/delaunay-graph.js';
import { solveWithJsLpSolver } from '../../src/rebalance/lp-adapter.js';
import type { SolveSettings } from '../../src/scale/solve-problem.js';
import { uniformInstance } from '../support/instances.js';
import { makeProblem } from '../rebalance/problems.js';

// Counts the sub-problems built, to see when the region tasks are built.
const built = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/scale/sub-problem.js', async (original) => {
  const real = await original<typeof import('../../src/scale/sub-problem.js')>();
  return {
    ...real,
    subProblem: (...args: Parameters<typeof real.subProblem>) => {
      built.count++;
      return real.subProblem(...args);
    },
  };
});

describe('solveByRegions(problem, graph, settings, maxReps, run)', () => {
  it('leaves the region tasks to the runner, which builds each one when it is about to solve it', async () => {
    const problem = makeProblem(uniformInstance({ n: 1200, k: 24, seed: 4 }), { balance: ['potential'] });
    const graph = delaunayGraph(problem.xyz, problem.n);
    const settings: SolveSettings = { seed: 1, candidates: 4, exactLpMaxAccounts: 300, contiguity: true, deadline: Date.now() + 60_000, solve: solveWithJsLpSolver, solver: 'javascript-lp-solver' };
    const inProcess = runInProcess(solveRegion, async () => {});
    const seen: number[] = [];
    const run: RegionRunner = async (count, task, s) => {
      // Nothing is built before the runner asks, and each task is built when the runner asks for it.
      seen.push(built.count);
      const out = await inProcess(count, (r) => {
        const t = task(r);
        seen.push(built.count);
        return t;
      }, s);
      expect(count).toBe(4);
      return out;
    };
    built.count = 0;
    const result = await solveByRegions(problem, graph, settings, 6, run);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(result.assign.every((j) => j >= 0 && j < problem.k)).toBe(true);
  });
});
