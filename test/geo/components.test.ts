import { describe, expect, it } from 'vitest';
import { PieceCounter, territoryComponents } from '../../src/geo/components.js';
import { delaunayGraph, type NeighborGraph } from '../../src/geo/delaunay-graph.js';
import { seeded, xyzOf } from './sphere-points.js';

/** CSR graph from an edge list. */
function graphOf(n: number, edges: [number, number][]): NeighborGraph {
  const lists: number[][] = Array.from({ length: n }, () => []);
  for (const [a, b] of edges) lists[a].push(b), lists[b].push(a);
  const offsets = new Int32Array(n + 1);
  lists.forEach((l, i) => (offsets[i + 1] = offsets[i] + l.length));
  return { offsets, neighbors: Int32Array.from(lists.flat()) };
}

const plain = (pieces: Int32Array[][]) => pieces.map((cs) => cs.map((c) => Array.from(c)));

describe('territoryComponents(assign, k, graph)', () => {
  it('splits a territory cut in two by another one, largest piece first', () => {
    // A 2 x 4 ladder: 0-1-2-3 on top, 4-5-6-7 below, rungs i - i+4. Territory 1 holds the column 2/6.
    const ladder = graphOf(8, [[0, 1], [1, 2], [2, 3], [4, 5], [5, 6], [6, 7], [0, 4], [1, 5], [2, 6], [3, 7]]);
    const assign = Int32Array.of(0, 0, 1, 0, 0, 0, 1, 0);
    expect(plain(territoryComponents(assign, 2, ladder))).toEqual([[[0, 1, 4, 5], [3, 7]], [[2, 6]]]);
  });

  it('orders pieces of equal size by their lowest account', () => {
    const path = graphOf(5, [[0, 1], [1, 2], [2, 3], [3, 4]]);
    expect(plain(territoryComponents(Int32Array.of(0, 1, 0, 1, 0), 2, path))).toEqual([[[0], [2], [4]], [[1], [3]]]);
  });

  it('ignores unassigned accounts and returns no pieces for an empty territory', () => {
    const path = graphOf(4, [[0, 1], [1, 2], [2, 3]]);
    expect(plain(territoryComponents(Int32Array.of(0, -1, 0, 0), 3, path))).toEqual([[[2, 3], [0]], [], []]);
  });

  it('puts every assigned account in exactly one piece of its own territory', () => {
    const r = seeded(4);
    const pts = Array.from({ length: 500 }, () => [30 + 5 * r(), -90 + 5 * r()] as [number, number]);
    const g = delaunayGraph(xyzOf(pts), pts.length);
    const assign = Int32Array.from(pts, () => Math.floor(r() * 7) - 1);
    const pieces = territoryComponents(assign, 6, g);
    const owner = new Int32Array(pts.length).fill(-1);
    pieces.forEach((cs, j) => cs.forEach((c) => c.forEach((i) => {
      expect(owner[i]).toBe(-1);
      owner[i] = j;
    })));
    expect(Array.from(owner)).toEqual(Array.from(assign));
    for (const cs of pieces) {
      for (let c = 1; c < cs.length; c++) expect(cs[c].length).toBeLessThanOrEqual(cs[c - 1].length);
    }
  });

  it('keeps accounts at one spot together even when their territory lacks the representative', () => {
    // Spot A = accounts 0, 1, 2 and spot B = 3, 4, 5 are neighbours; 0 and 3 (the representatives) go elsewhere.
    const pts: [number, number][] = [[0, 0], [0, 0], [0, 0], [0, 1], [0, 1], [0, 1], [1, 0.5], [-1, 0.5]];
    const g = delaunayGraph(xyzOf(pts), pts.length);
    const assign = Int32Array.of(1, 0, 0, 1, 0, 0, 1, 1);
    expect(plain(territoryComponents(assign, 2, g))).toEqual([[[1, 2, 4, 5]], [[0, 3, 6, 7]]]);
  });

  it('throws on an assignment outside [-1, k) or a graph of another size', () => {
    const path = graphOf(3, [[0, 1], [1, 2]]);
    expect(() => territoryComponents(Int32Array.of(0, 2, 0), 2, path)).toThrow(/assign\[1\] = 2/);
    expect(() => territoryComponents(Int32Array.of(0, 0), 1, path)).toThrow(/3 points/);
  });
});

describe('PieceCounter', () => {
  it('counts each territory as territoryComponents does, shared spots included, from partial and repeated lists', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const r = seeded(seed);
      // Points on a coarse grid, so many share a spot (and neighbouring spots are shared too).
      const pts = Array.from({ length: 400 }, () => [Math.floor(6 * r()) / 4, Math.floor(6 * r()) / 4] as [number, number]);
      for (let i = 0; i < 200; i++) pts.push([2 + 3 * r(), 2 + 3 * r()]);
      const g = delaunayGraph(xyzOf(pts), pts.length);
      const counter = new PieceCounter(g);
      const k = 5;
      const assign = Int32Array.from(pts, () => Math.floor(r() * (k + 1)) - 1);
      for (let round = 0; round < 30; round++) {
        const pieces = territoryComponents(assign, k, g);
        for (let j = 0; j < k; j++) {
          const members = [...assign.keys()].filter((i) => assign[i] === j);
          // Split across two lists with repeats and accounts of other territories mixed in.
          const lists = [members.slice(0, members.length >> 1).concat([0, 1, 2]), members.slice(members.length >> 2)];
          expect(counter.count(j, assign, lists)).toBe(pieces[j].length);
        }
        for (let m = 0; m < 20; m++) assign[Math.floor(r() * pts.length)] = Math.floor(r() * (k + 1)) - 1;
      }
    }
  });
});
