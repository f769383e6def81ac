import { describe, expect, it, vi } from 'vitest';
import { designTerritories } from '../../src/index.js';
import { addRep, removeRep } from '../../src/realign/what-if.js';
import { uniformInstance, zipInstance } from '../support/instances.js';

// With `unpruned`, BandState.excessAfter reports every territory inside its band, so fewerMoves' pruning
// (mendedBy) lets every pair and trade through to `attempt`: the search it had before the pruning.
const knob = vi.hoisted(() => ({ unpruned: false, calls: 0 }));
vi.mock('../../src/rebalance/band-state.js', async (original) => {
  const real = await original<typeof import('../../src/rebalance/band-state.js')>();
  class Switchable extends real.BandState {
    override excessAfter(...args: Parameters<typeof real.BandState.prototype.excessAfter>) {
      knob.calls++;
      return knob.unpruned ? { total: 0, over: 0, under: 0 } : super.excessAfter(...args);
    }
  }
  return { ...real, BandState: Switchable };
});

describe('fewerMoves: skipping the trials a band rules out', () => {
  const options = { balance: ['potential', 'workload'], tolerance: 0.05, seed: 1, hulls: false };

  it.each([
    ['uniform 600 x 8, remove r3', uniformInstance({ n: 600, k: 8, seed: 4 }), 'remove'],
    ['ZIP 600 x 8, add a rep', zipInstance({ n: 600, k: 8, seed: 5 }), 'add'],
  ] as const)('gives the same plan as trying every trial (%s)', async (_, input, change) => {
    const plan = await designTerritories(input, options);
    const run = () => (change === 'remove' ? removeRep({ input, plan }, 'r3', options) : addRep({ input, plan }, { id: 'new' }, options));
    knob.unpruned = false;
    knob.calls = 0;
    const pruned = await run();
    // The pruning was asked about trials (it is not vacuous here).
    expect(knob.calls).toBeGreaterThan(0);
    knob.unpruned = true;
    const full = await run();
    expect(pruned.plan.assignments).toEqual(full.plan.assignments);
    expect(pruned.diff.accountsMoved).toBe(full.diff.accountsMoved);
  });
});
