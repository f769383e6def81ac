import type { NeighborGraph } from '../geo/delaunay-graph.js';

/** What every step of the rebalancing stage reads about the plan it works on. */
export interface PlanContext {
  /** Territory centres, unit vectors, length 3k. */
  centers: Float64Array;
  /** Delaunay graph of all accounts. */
  graph: NeighborGraph;
  /** Accounts that never move (locks, isolated accounts): their territory, -1 when movable. */
  fixed: Int32Array;
  /** Reps that take no further account (1 = closed), length k. */
  closed: Uint8Array;
}

/** A plan context with targets, k x B row-major. */
export interface BalanceContext extends PlanContext {
  targets: Float64Array;
}
