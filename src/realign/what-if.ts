import type { Account, DesignOptions, Rep, TerritoryInput, TerritoryPlan } from '../types.js';
import { designTerritories } from '../design.js';
import { TerritoryInputError } from '../input/territory-input-error.js';
import { formatValue } from '../input/format-issue.js';

/** A plan with the input it was drawn for: what the what-if helpers take and return, so they chain. */
export interface Alignment {
  input: TerritoryInput;
  plan: TerritoryPlan;
}

/** One account that changes hands. */
export interface AccountMove {
  accountId: string;
  /** Its rep before; null for an account the earlier plan did not have. */
  fromRepId: string | null;
  toRepId: string;
}

/** What a change does to the accounts, for an app to show before anyone commits to it. */
export interface PlanDiff {
  /** Accounts whose rep changes, in input order. */
  moved: AccountMove[];
  accountsMoved: number;
  potentialMoved: number;
  /** Over all accounts of the new plan. */
  accountsMovedShare: number;
  /** Over the potential of all accounts of the new plan (0 when that is 0). */
  potentialMovedShare: number;
  /** One line for a person: `'moves 83 accounts (4.2%) worth 2.1% of potential'`. */
  summary: string;
}

/** An alignment after a change, with what the change moved. */
export interface Realigned extends Alignment {
  diff: PlanDiff;
}

/** A move costs this much (see `DisruptionOptions.weight`) unless the caller says otherwise: as few moves
 *  as balance allows, distance only breaking ties. */
const FEWEST_MOVES = 1000;

/**
 * Re-draws `from` with one more rep, moving as few accounts as balance allows: today's plan is the start,
 * the new rep (at its `home`, else where the most territories meet) takes accounts from its neighbours, and
 * the other territories pass on what they must to stay in their bands.
 * @param from the alignment today (its plan's assignments are the incumbents; `currentRepId` is ignored)
 * @param rep the new rep (a unique id)
 * @param options as for `designTerritories`; `balance` defaults to the measures and tolerances `from.plan` was
 *   scored with, `disruption` to `{ weight: 1000 }`
 * @returns the new alignment and the diff against `from.plan`
 * @throws TerritoryInputError when the rep or the options are invalid (e.g. a duplicate rep id)
 * @example const { diff } = await addRep({ input, plan }, { id: 'R-21' }); diff.summary // => 'moves 104 accounts (5.2%) ...'
 */
export async function addRep(from: Alignment, rep: Rep, options?: DesignOptions): Promise<Realigned> {
  return realign(from, { accounts: from.input.accounts, reps: [...from.input.reps, rep] }, null, options);
}

/**
 * Re-draws `from` without the rep `repId`: its accounts go to the territories around it, which pass on
 * what they must to stay in their bands; every other account stays where it was as far as balance allows.
 * @param from the alignment today
 * @param repId the rep who leaves
 * @param options as for `addRep`
 * @throws TerritoryInputError when `repId` names no rep, is the only rep, or has accounts locked to it
 * @example (await removeRep({ input, plan }, 'R-7')).diff.accountsMoved // => 131
 */
export async function removeRep(from: Alignment, repId: string, options?: DesignOptions): Promise<Realigned> {
  const { accounts, reps } = from.input;
  const at = reps.findIndex((r) => r.id === repId);
  if (at < 0) throw new TerritoryInputError([{ path: ['repId'], message: `expected the id of a rep in reps, got ${formatValue(repId)}`, value: repId }]);
  if (reps.length === 1) throw new TerritoryInputError([{ path: ['repId'], message: `expected a rep other than the only one, got ${formatValue(repId)}`, value: repId }]);
  const locked = accounts.findIndex((a) => a.lockedRepId === repId);
  if (locked >= 0) {
    throw new TerritoryInputError([
      { path: ['accounts', locked, 'lockedRepId'], message: `expected no account locked to the rep being removed, got ${formatValue(repId)}`, value: repId },
    ]);
  }
  return realign(from, { accounts, reps: reps.filter((_, j) => j !== at) }, repId, options);
}

/**
 * Brings `from` back inside the band (optionally a new one) with as few moves as it can: a plan already inside
 * it comes back unchanged, with an empty diff.
 * @param from the alignment today
 * @param options as for `addRep`; e.g. `{ tolerance: 0.03 }` to tighten every band
 * @example (await rebalance({ input, plan }, { tolerance: 0.03 })).diff.summary // => 'moves 12 accounts ...'
 */
export async function rebalance(from: Alignment, options?: DesignOptions): Promise<Realigned> {
  return realign(from, from.input, null, options);
}

/**
 * Designs `next` (the reps after the change) with `from.plan`'s owners as incumbents and diffs the result.
 * The removed rep's accounts have no incumbent; the caller's objects are never mutated.
 */
async function realign(from: Alignment, next: TerritoryInput, removed: string | null, options: DesignOptions = {}): Promise<Realigned> {
  const owner = new Map<string, string>();
  for (const a of from.plan.assignments) owner.set(a.accountId, a.repId);
  const accounts: Account[] = next.accounts.map((a) => {
    const { currentRepId: _, ...rest } = a;
    const was = owner.get(a.id);
    return was !== undefined && was !== removed ? { ...rest, currentRepId: was } : rest;
  });
  const scored = from.plan.metrics.balance.map(({ measure, tolerance }) => ({ measure, tolerance }));
  const resolved: DesignOptions = {
    ...options,
    // A global tolerance given here applies to every measure; otherwise each keeps the one it was scored with.
    balance: options.balance ?? (options.tolerance !== undefined ? scored.map((b) => b.measure) : scored),
    disruption: { ...options.disruption, weight: options.disruption?.weight ?? FEWEST_MOVES },
  };
  const plan = await designTerritories({ accounts, reps: next.reps }, resolved);
  return { input: next, plan, diff: planDiff(next.accounts, owner, plan) };
}

/** The accounts whose rep differs between `owner` (before) and `plan` (after), with totals. O(n). */
function planDiff(accounts: readonly Account[], owner: Map<string, string>, plan: TerritoryPlan): PlanDiff {
  const potential = new Map<string, number>();
  let total = 0;
  for (const a of accounts) {
    potential.set(a.id, a.potential);
    total += a.potential;
  }
  const moved: AccountMove[] = [];
  let potentialMoved = 0;
  for (const { accountId, repId } of plan.assignments) {
    const was = owner.get(accountId) ?? null;
    if (was === repId) continue;
    moved.push({ accountId, fromRepId: was, toRepId: repId });
    potentialMoved += potential.get(accountId) ?? 0;
  }
  const n = plan.assignments.length;
  const accountsMovedShare = n > 0 ? moved.length / n : 0;
  const potentialMovedShare = total > 0 ? potentialMoved / total : 0;
  const percent = (x: number) => `${(100 * x).toFixed(1)}%`;
  const summary =
    moved.length === 0
      ? 'moves no account'
      : `moves ${moved.length} account${moved.length === 1 ? '' : 's'} (${percent(accountsMovedShare)}) worth ${percent(potentialMovedShare)} of potential`;
  return { moved, accountsMoved: moved.length, potentialMoved, accountsMovedShare, potentialMovedShare, summary };
}
