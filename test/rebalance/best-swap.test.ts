import { describe, expect, it, vi } from 'vitest';
import { PieceCounter, territoryComponents } from '../../src/geo/components.js';
import { BandState } from '../../src/rebalance/band-state.js';
import { accountCost } from '../../src/rebalance/account-cost.js';
import { bestSwap, SWAP_TESTS, type SwapMemo } from '../../src/rebalance/repair-balance.js';
import { lloydPlan, type LloydPlan } from './lloyd-plan.js';
import { mulberry32 } from '../support/instances.js';

const band = Float64Array.of(0.02, 0.02);

/** A Lloyd plan (compact, out of band) with a share of its accounts thrown to random territories (in pieces). */
function scattered(share: number, plan = { n: 800, k: 8, seed: 11 }): { s: LloydPlan; assign: Int32Array } {
  const s = lloydPlan(plan.n, plan.k, plan.seed, ['potential', 'workload']);
  const rand = mulberry32(5);
  const assign = Int32Array.from(s.plan);
  for (let i = 0; i < assign.length; i++) if (rand() < share) assign[i] = Math.floor(rand() * s.problem.k);
  return { s, assign };
}

/** What `repairBalance` hands `bestSwap`, written out for a plan without shared spots. */
function searchOf(s: LloydPlan, assign: Int32Array) {
  const { problem, graph } = s;
  const members: number[][] = Array.from({ length: problem.k }, () => []);
  for (let i = 0; i < problem.n; i++) members[assign[i]].push(i);
  const state = new BandState(problem, assign, s.targets, band);
  const bad = members.map((_, j) => j).filter((j) => state.violation(j) > 1e-12);
  const cost = (i: number, j: number) => accountCost(problem, s.centers, i, j);
  const neighbourTerritories = (i: number) => {
    const out: number[] = [];
    for (let e = graph.offsets[i]; e < graph.offsets[i + 1]; e++) {
      const j = assign[graph.neighbors[e]];
      if (j !== assign[i] && !out.includes(j)) out.push(j);
    }
    return out;
  };
  return { members, state, bad, cost, neighbourTerritories };
}

/** Every improving swap between a bad territory and a neighbour (the 40 cheapest each way), scored, by brute force. */
function allSwaps(s: LloydPlan, assign: Int32Array) {
  const { members, state, bad, cost, neighbourTerritories } = searchOf(s, assign);
  const out: { a: number; b: number; ja: number; jb: number; score: number }[] = [];
  for (const ja of bad) {
    const partners = new Set<number>();
    for (const a of members[ja]) for (const jb of neighbourTerritories(a)) partners.add(jb);
    for (const jb of partners) {
      const side = members[ja].filter((a) => neighbourTerritories(a).includes(jb)).sort((x, y) => cost(x, jb) - cost(x, ja) - (cost(y, jb) - cost(y, ja))).slice(0, 40);
      const back = members[jb].filter((b) => neighbourTerritories(b).includes(ja)).sort((x, y) => cost(x, ja) - cost(x, jb) - (cost(y, ja) - cost(y, jb))).slice(0, 40);
      for (const a of side) {
        for (const b of back) {
          const trial = Int32Array.from(assign);
          trial[a] = jb;
          trial[b] = ja;
          const after = new BandState(s.problem, trial, s.targets, band);
          const gain = state.violation(ja) + state.violation(jb) - after.violation(ja) - after.violation(jb);
          if (gain > 1e-12) out.push({ a, b, ja, jb, score: (cost(a, jb) - cost(a, ja) + cost(b, ja) - cost(b, jb)) / gain });
        }
      }
    }
  }
  return out.sort((x, y) => x.score - y.score);
}

/** A swap as the set it is, whichever territory it was found from. */
function unordered(swap: { a: number; b: number; ja: number; jb: number } | null | undefined): string {
  if (!swap) return 'none';
  const [x, y] = [`${swap.a}@${swap.ja}`, `${swap.b}@${swap.jb}`].sort();
  return `${x} <-> ${y}`;
}

/** Pieces of territories ja and jb under `assign`, recounted from scratch. */
function pieces(assign: Int32Array, k: number, s: LloydPlan, ja: number, jb: number): number {
  const all = territoryComponents(assign, k, s.graph);
  return all[ja].length + all[jb].length;
}

describe('bestSwap (the swap step of repairBalance)', () => {
  it('takes the cheapest improving swap that leaves the two territories in no more pieces (checked by brute force)', () => {
    // A compact plan whose 4 cheapest swaps would each cut a territory.
    const { s, assign } = scattered(0, { n: 600, k: 12, seed: 1 });
    const { members, state, bad, cost, neighbourTerritories } = searchOf(s, assign);
    const k = s.problem.k;
    const expected = allSwaps(s, assign).find(({ a, b, ja, jb }) => {
      const trial = Int32Array.from(assign);
      trial[a] = jb;
      trial[b] = ja;
      return pieces(trial, k, s, ja, jb) <= pieces(assign, k, s, ja, jb);
    });
    expect(expected).toBeDefined();
    // Cheaper swaps were refused: the piece rule is what picks this one.
    expect(allSwaps(s, assign).findIndex((w) => w.a === expected!.a && w.b === expected!.b)).toBeGreaterThan(0);
    const got = bestSwap(bad, members, assign, state, cost, () => true, neighbourTerritories, new PieceCounter(s.graph));
    // Between two bad territories a swap is found from both sides, at the same score: either way round.
    expect(unordered(got)).toEqual(unordered(expected!));
    // Without the piece rule, the cheapest improving swap of all.
    const [cheapest] = allSwaps(s, assign);
    expect(unordered(bestSwap(bad, members, assign, state, cost, () => true, neighbourTerritories, null))).toEqual(unordered(cheapest));
  });

  it(`gives up after SWAP_TESTS (${SWAP_TESTS}) swaps that would split, cheapest first, rather than counting pieces for every one`, () => {
    const { s, assign } = scattered(0.3);
    const { members, state, bad, cost, neighbourTerritories } = searchOf(s, assign);
    expect(allSwaps(s, assign).length).toBeGreaterThan(4 * SWAP_TESTS);
    // A counter by which every swap splits: each count is higher than the one before.
    let counts = 0;
    const alwaysMore = { count: () => ++counts } as unknown as PieceCounter;
    expect(bestSwap(bad, members, assign, state, cost, () => true, neighbourTerritories, alwaysMore)).toBeNull();
    // Two counts per test, two more for each pair of territories the first time one of its swaps is tested.
    expect(counts).toBeLessThanOrEqual(4 * SWAP_TESTS);
    expect(counts).toBeGreaterThanOrEqual(2 * SWAP_TESTS);
  });

  it('keeps scored pairs between calls (a memo) and gives, swap after swap, what a fresh search gives', () => {
    const { s, assign } = scattered(0, { n: 600, k: 12, seed: 1 });
    const k = s.problem.k;
    const memo: SwapMemo = { version: new Int32Array(k), pairs: new Map() };
    const counter = new PieceCounter(s.graph);
    const scoring = vi.spyOn(BandState.prototype, 'swapViolation');
    let refusals = 0;
    let swaps = 0;
    for (; swaps < 25; swaps++) {
      // Fresh lists and loads for the plan as it stands; the memo alone carries over.
      const { members, state, bad, cost, neighbourTerritories } = searchOf(s, assign);
      scoring.mockClear();
      const fresh = bestSwap(bad, members, assign, state, cost, () => true, neighbourTerritories, counter);
      const freshScored = scoring.mock.calls.length;
      scoring.mockClear();
      const kept = bestSwap(bad, members, assign, state, cost, () => true, neighbourTerritories, counter, memo);
      expect(kept).toEqual(fresh);
      // After the first call, only the pairs of the two territories the last swap changed are scored again.
      if (swaps > 0) expect(scoring.mock.calls.length).toBeLessThan(freshScored);
      // Calls where the piece rule refused the cheapest swap (the memo's piece counts are then read).
      if (fresh && JSON.stringify(fresh) !== JSON.stringify(bestSwap(bad, members, assign, state, cost, () => true, neighbourTerritories, null))) refusals++;
      if (!fresh) break;
      assign[fresh.a] = fresh.jb;
      assign[fresh.b] = fresh.ja;
      memo.version[fresh.ja]++;
      memo.version[fresh.jb]++;
    }
    expect(swaps).toBeGreaterThan(10);
    expect(refusals).toBeGreaterThan(0);
    scoring.mockRestore();
  });
});
