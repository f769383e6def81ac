import { describe, expect, it } from 'vitest';
import { inducedGraph } from '../../src/geo/induced-graph.js';
import { delaunayGraph } from '../../src/geo/delaunay-graph.js';
import { toUnitVector } from '../../src/geo/unit-vector.js';

const path4 = { offsets: Int32Array.of(0, 1, 3, 5, 6), neighbors: Int32Array.of(1, 0, 2, 1, 3, 2) };

function edges(g: { offsets: Int32Array; neighbors: Int32Array }): string[] {
  const out: string[] = [];
  for (let a = 0; a + 1 < g.offsets.length; a++) for (let e = g.offsets[a]; e < g.offsets[a + 1]; e++) out.push(`${a}-${g.neighbors[e]}`);
  return out.sort();
}

describe('inducedGraph', () => {
  it('keeps exactly the edges between chosen points, renumbered in the order given', () => {
    expect(edges(inducedGraph(path4, Int32Array.of(1, 2)))).toEqual(['0-1', '1-0']);
    expect(edges(inducedGraph(path4, Int32Array.of(3, 2, 0)))).toEqual(['0-1', '1-0']);
    expect(inducedGraph(path4, Int32Array.of(0, 2)).neighbors).toHaveLength(0);
  });

  it('agrees with a brute-force filter of a real Delaunay graph, keeps shared spots, and leaves the scratch clean', () => {
    const n = 400;
    const xyz = new Float64Array(3 * n);
    for (let i = 0; i < n; i++) toUnitVector(30 + ((i * 37) % 101) / 10, -100 + ((i * 53) % 97) / 10, xyz, 3 * i);
    // Two accounts at the spot of account 5.
    xyz.copyWithin(3 * 398, 3 * 5, 3 * 6);
    xyz.copyWithin(3 * 399, 3 * 5, 3 * 6);
    const graph = delaunayGraph(xyz, n);
    const points = Int32Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 !== 0 || i === 399);
    const scratch = new Int32Array(n).fill(-1);
    const sub = inducedGraph(graph, points, scratch);
    const at = new Map(Array.from(points, (i, a) => [i, a]));
    const expected: string[] = [];
    for (const i of points) for (let e = graph.offsets[i]; e < graph.offsets[i + 1]; e++) if (at.has(graph.neighbors[e])) expected.push(`${at.get(i)}-${at.get(graph.neighbors[e])}`);
    expect(edges(sub)).toEqual(expected.sort());
    expect(Array.from(scratch).every((x) => x === -1)).toBe(true);
    // 5, 398 and 399 (one spot) are all chosen: they share one local site, which stands for itself.
    const group = [5, 398, 399].filter((i) => at.has(i)).map((i) => at.get(i)!);
    expect(group.length).toBeGreaterThanOrEqual(2);
    expect(new Set(group.map((a) => sub.site![a])).size).toBe(1);
    expect(sub.site![sub.site![group[0]]]).toBe(sub.site![group[0]]);
  });
});
