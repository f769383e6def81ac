/**
 * Compact but unbalanced plans to start the rebalancing tests from: plain nearest-centre allocation after two
 * Lloyd steps from seeded k-means++ centres (no prices), so every territory is one connected cell.
 */
import { seedCenters } from '../../src/cluster/seed-centers.js';
import { computeCenters } from '../../src/geo/centers.js';
import { delaunayGraph, type NeighborGraph } from '../../src/geo/delaunay-graph.js';
import type { Problem } from '../../src/input/problem.js';
import { computeTargets } from '../../src/metrics/targets.js';
import type { DesignOptions } from '../../src/types.js';
import { mulberry32, uniformInstance } from '../support/instances.js';
import { makeProblem, nearestAllocation } from './problems.js';

export interface LloydPlan {
  problem: Problem;
  graph: NeighborGraph;
  plan: Int32Array;
  centers: Float64Array;
  targets: Float64Array;
}

export function lloydPlan(n: number, k: number, seed: number, balance: DesignOptions['balance'], centerSeed = 3): LloydPlan {
  const problem = makeProblem(uniformInstance({ n, k, seed }), { balance });
  const graph = delaunayGraph(problem.xyz, problem.n);
  const seeds = seedCenters(problem, mulberry32(centerSeed));
  let centers = computeCenters(problem, nearestAllocation(problem, seeds), seeds);
  const plan = nearestAllocation(problem, centers);
  centers = computeCenters(problem, plan, centers);
  return { problem, graph, plan, centers, targets: computeTargets(problem, new Uint8Array(k)) };
}
