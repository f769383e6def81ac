import { beforeAll, describe, expect, it } from 'vitest';
import { territoryComponents } from '../../src/geo/components.js';
import { reattachFragments, type ReattachContext } from '../../src/rebalance/reattach-fragments.js';
import { chordTo } from './problems.js';
import { lloydPlan, type LloydPlan } from './lloyd-plan.js';

let s: LloydPlan;
/** Territory A, whose interior cluster is handed to territory B, the territory farthest from it. */
let A: number;
let B: number;
let cluster: number[];
let broken: Int32Array;

beforeAll(() => {
  s = lloydPlan(500, 8, 5, ['potential']);
  const { problem, plan, centers, graph } = s;
  A = 0;
  // The account of A nearest its centre, and its Delaunay neighbours in A: a small cluster deep inside A.
  let core = -1;
  for (let i = 0; i < problem.n; i++) {
    if (plan[i] === A && (core < 0 || chordTo(problem, centers, i, A) < chordTo(problem, centers, core, A))) core = i;
  }
  cluster = [core];
  for (let e = graph.offsets[core]; e < graph.offsets[core + 1]; e++) if (plan[graph.neighbors[e]] === A) cluster.push(graph.neighbors[e]);
  B = 1;
  for (let j = 1; j < problem.k; j++) if (chordTo(problem, centers, core, j) > chordTo(problem, centers, core, B)) B = j;
  broken = Int32Array.from(plan);
  for (const i of cluster) broken[i] = B;
});

const ctxOf = (extra: Partial<ReattachContext> = {}): ReattachContext => ({
  centers: s.centers,
  graph: s.graph,
  fixed: new Int32Array(s.problem.n).fill(-1),
  closed: new Uint8Array(s.problem.k),
  ...extra,
});

describe('reattachFragments(problem, assign, ctx)', () => {
  it('starts from a plan where B has a detached fragment inside A (the set-up holds)', () => {
    expect(cluster.length).toBeGreaterThanOrEqual(3);
    expect(territoryComponents(s.plan, s.problem.k, s.graph).every((c) => c.length === 1)).toBe(true);
    const pieces = territoryComponents(broken, s.problem.k, s.graph);
    expect(pieces[B].length).toBe(2);
    expect(Array.from(pieces[B][1])).toEqual([...cluster].sort((a, b) => a - b));
  });

  it('moves the fragment whole to the territory it touches (A), leaving every territory connected', () => {
    const input = Int32Array.from(broken);
    const result = reattachFragments(s.problem, input, ctxOf());
    expect(result.moved).toBe(1);
    for (const i of cluster) expect(result.assign[i]).toBe(A);
    expect(Array.from(result.assign)).toEqual(Array.from(s.plan));
    expect(territoryComponents(result.assign, s.problem.k, s.graph).every((c) => c.length === 1)).toBe(true);
    expect(Array.from(input)).toEqual(Array.from(broken));
  });

  it('leaves a fragment that holds a fixed account where it is', () => {
    const fixed = new Int32Array(s.problem.n).fill(-1);
    fixed[cluster[cluster.length - 1]] = B;
    const result = reattachFragments(s.problem, broken, ctxOf({ fixed }));
    expect(result.moved).toBe(0);
    expect(Array.from(result.assign)).toEqual(Array.from(broken));
  });

  it('does not move a fragment to a closed rep: the next most-touching open one takes it, or none', () => {
    const touched = new Set<number>();
    for (const i of cluster) for (let e = s.graph.offsets[i]; e < s.graph.offsets[i + 1]; e++) touched.add(broken[s.graph.neighbors[e]]);
    touched.delete(B);
    expect(touched.has(A)).toBe(true);
    const closedA = new Uint8Array(s.problem.k);
    closedA[A] = 1;
    const a = reattachFragments(s.problem, broken, ctxOf({ closed: closedA }));
    for (const i of cluster) expect(a.assign[i]).not.toBe(A);
    if (touched.size > 1) expect(a.moved).toBe(1);
    const closedAll = new Uint8Array(s.problem.k);
    for (const j of touched) closedAll[j] = 1;
    const b = reattachFragments(s.problem, broken, ctxOf({ closed: closedAll }));
    expect(b.moved).toBe(0);
    expect(Array.from(b.assign)).toEqual(Array.from(broken));
  });

  it('does not move a fragment that would lie beyond radiusFactor times the receiving radius', () => {
    const result = reattachFragments(s.problem, broken, ctxOf({ radiusFactor: 1e-6 }));
    expect(result.moved).toBe(0);
    expect(Array.from(result.assign)).toEqual(Array.from(broken));
  });

  it('moves nothing in a plan whose territories are all connected', () => {
    const result = reattachFragments(s.problem, s.plan, ctxOf());
    expect(result.moved).toBe(0);
    expect(Array.from(result.assign)).toEqual(Array.from(s.plan));
  });
});
