import { describe, expect, it, vi } from 'vitest';
import { designTerritories } from '../../src/index.js';
import { TRADE_MAX_WORK } from '../../src/rebalance/fewer-moves.js';
import { buildCase, type CaseSpec } from '../trust/cases.js';

// Tallies the accounts every piece count visits in a three-move trial (two moves back home, one account out:
// the border trades of fewerMoves' third step), as `attempt` hands them over: a territory's members and the
// arriving accounts.
const tally = vi.hoisted(() => ({ tradeVisits: 0, counts: 0 }));
vi.mock('../../src/geo/components.js', async (original) => {
  const real = await original<typeof import('../../src/geo/components.js')>();
  class Tallied extends real.PieceCounter {
    override count(j: number, assign: Int32Array, lists: readonly ArrayLike<number>[]): number {
      tally.counts++;
      if (lists.length === 2 && lists[1].length === 3) tally.tradeVisits += lists[0].length + lists[1].length;
      return super.count(j, assign, lists);
    }
  }
  return { ...real, PieceCounter: Tallied };
});

describe('fewerMoves: the border trades have one budget for the whole search', () => {
  it('a realignment of 450 accounts x 2 reps on a line stays within it (it used to start over after each trade)', async () => {
    // Fuzz seed 42, case 36 cut to 450 accounts: every account with a current rep, 10% locked, homes, four
    // measures at +-10%. Each trade found started the search over; the piece counts of two 225-account
    // territories made the realignment take 15.6 s (80 s at the case's own 694 accounts).
    const spec: CaseSpec = { n: 450, k: 2, seed: 2147483617, geography: 'line', potential: 'lognormal', workload: 'mostly-zero', attribute: true, balance: ['potential', 'workload', 'accounts', 'calls'], tolerance: 0.1, lockShare: 0.1, currentShare: 1, realign: true, capacities: 'mixed', homeShare: 1 };
    const { input, options } = buildCase(spec);
    const plan = await designTerritories(input, options);
    expect(plan.metrics.feasible).toBe(true);
    // The trades ran (the budget was not vacuous here) and stopped within it, give or take the trial that
    // crossed it (two territories of at most 450 accounts, plus the three arriving).
    expect(tally.tradeVisits).toBeGreaterThan(TRADE_MAX_WORK / 10);
    expect(tally.tradeVisits).toBeLessThanOrEqual(TRADE_MAX_WORK + 2 * (450 + 3));
  });
});
