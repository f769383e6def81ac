import { describe, expect, it, vi } from 'vitest';
import { clusterTerritories } from '../../src/cluster/cluster-territories.js';
import { seedCenters } from '../../src/cluster/seed-centers.js';
import { delaunayGraph } from '../../src/geo/delaunay-graph.js';
import { computeTargets } from '../../src/metrics/targets.js';
import { solveWithJsLpSolver } from '../../src/rebalance/lp-adapter.js';
import { uniformInstance, mulberry32 } from '../support/instances.js';
import { makeProblem } from './problems.js';

// Every repair reports 0 through the checkpoint it is given, as a long repair does (moves / maxMoves near 0):
// the stage must hand each repair a checkpoint in its own terms, or its fraction runs backwards.
vi.mock('../../src/rebalance/repair-balance.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/rebalance/repair-balance.js')>();
  return {
    ...original,
    repairBalance: (...args: Parameters<typeof original.repairBalance>) => {
      args[2].checkpoint?.(0);
      return original.repairBalance(...args);
    },
  };
});
const { rebalancePlan } = await import('../../src/rebalance/rebalance-plan.js');

describe('rebalancePlan(problem, assign, ctx) progress through its repairs', () => {
  it.each([300, 1000])('never falls with exactLpMaxAccounts %i (territory rounds, or the exact LP and its polishing)', (exactLpMaxAccounts) => {
    const K = 8;
    const problem = makeProblem(uniformInstance({ n: 600, k: K, seed: 5 }), { balance: ['potential', 'workload'] });
    const targets = computeTargets(problem, new Uint8Array(K));
    const fixed = new Int32Array(problem.n).fill(-1);
    const lpBand = Float64Array.of(0.03, 0.03);
    const clustered = clusterTerritories(problem, { centers: seedCenters(problem, mulberry32(3)), targets, fixed, closed: new Uint8Array(K), candidates: 4, band: lpBand });
    const seen: number[] = [];
    rebalancePlan(problem, clustered.assign, {
      centers: clustered.centers,
      graph: delaunayGraph(problem.xyz, problem.n),
      fixed,
      closed: new Uint8Array(K),
      targets,
      band: Float64Array.of(0.05, 0.05),
      lpBand,
      solve: solveWithJsLpSolver,
      candidates: 4,
      exactLpMaxAccounts,
      contiguity: true,
      deadline: Date.now() + 60_000,
      checkpoint: (f) => seen.push(f),
    });
    expect(seen.length).toBeGreaterThan(2);
    expect(seen.every((f, p) => f >= 0 && f <= 1 && (p === 0 || f >= seen[p - 1]))).toBe(true);
  });
});
