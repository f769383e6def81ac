import { describe, expect, it } from 'vitest';
import { borderMoves, refreshBorderMoves, type BorderMove } from '../../src/rebalance/border-moves.js';
import { delaunayGraph } from '../../src/geo/delaunay-graph.js';
import { computeCenters } from '../../src/geo/centers.js';
import { accountCost } from '../../src/rebalance/account-cost.js';
import { mulberry32 } from '../../src/util/random.js';
import { makeProblem, nearestAllocation } from './problems.js';
import { uniformInstance } from '../support/instances.js';

const sorted = (lists: Map<number, BorderMove[]>) =>
  [...lists.entries()]
    .filter(([, list]) => list.length > 0)
    .map(([key, list]) => [key, [...list].sort((a, b) => a.delta - b.delta || a.i - b.i)] as const)
    .sort((a, b) => a[0] - b[0]);

describe('refreshBorderMoves(problem, assign, ctx, cost, lists, moved, allow)', () => {
  it('after any moves, holds what borderMoves builds from scratch (fixed accounts, a closed rep, a filter)', () => {
    const problem = makeProblem(uniformInstance({ n: 500, k: 8, seed: 2 }), { balance: ['potential'] });
    const graph = delaunayGraph(problem.xyz, problem.n);
    const centers = computeCenters(problem, nearestAllocation(problem, computeCenters(problem, Int32Array.from({ length: problem.n }, (_, i) => i % problem.k))));
    const assign = nearestAllocation(problem, centers);
    const rand = mulberry32(7);
    const fixed = Int32Array.from({ length: problem.n }, (_, i) => (rand() < 0.05 ? assign[i] : -1));
    const closed = new Uint8Array(problem.k);
    closed[5] = 1;
    const ctx = { graph, fixed, closed };
    const cost = (i: number, j: number) => accountCost(problem, centers, i, j);
    const allow = (i: number, _from: number, to: number) => (i + to) % 7 !== 0;
    const lists = borderMoves(problem, assign, ctx, cost, allow);
    let checked = 0;
    let twice = 0;
    for (let step = 0; step < 60; step++) {
      // One to four border moves at once, as a chain makes them.
      const moved: [number, number, number][] = [];
      for (let m = 1 + Math.floor(rand() * 4); m > 0; m--) {
        const keys = [...lists.keys()].filter((key) => lists.get(key)!.length > 0);
        const key = keys[Math.floor(rand() * keys.length)];
        const list = lists.get(key)!;
        const { i } = list[Math.floor(rand() * list.length)];
        const to = key % problem.k;
        if (assign[i] !== Math.floor(key / problem.k)) continue;
        moved.push([i, assign[i], to]);
        assign[i] = to;
      }
      // The first account moved goes on to a territory it touches now (the step moves it twice).
      const again = moved[0]?.[0];
      const { offsets, neighbors } = graph;
      for (let e = again === undefined ? 0 : offsets[again]; again !== undefined && e < offsets[again + 1]; e++) {
        const to = assign[neighbors[e]];
        if (to === assign[again] || closed[to]) continue;
        moved.push([again, assign[again], to]);
        assign[again] = to;
        twice++;
        break;
      }
      refreshBorderMoves(problem, assign, ctx, cost, lists, moved, allow);
      expect(sorted(lists)).toEqual(sorted(borderMoves(problem, assign, ctx, cost, allow)));
      checked += moved.length;
    }
    expect(checked).toBeGreaterThan(60);
    expect(twice).toBeGreaterThan(30);
  });
});
