import { describe, expect, it } from 'vitest';
import { evaluateTerritories } from '../../src/evaluate.js';
import { TerritoryInputError } from '../../src/input/territory-input-error.js';
import type { Account, Assignment, Rep, TerritoryInput } from '../../src/types.js';
import { nonFinite, refHaversine } from './fixtures.js';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

// Two towns, one rep each: the west one a 0.1-degree square of four accounts, the east one a square with a
// fifth account in its middle (e4, which touches only the east corners in the Delaunay graph).
const ACCOUNTS: Account[] = [
  ...[0, 1, 2, 3].map((t) => ({ id: `w${t}`, lat: 10 + (t % 2) * 0.1, lon: 20 + Math.floor(t / 2) * 0.1, potential: 100, currentRepId: 'r1' })),
  ...[0, 1, 2, 3].map((t) => ({ id: `e${t}`, lat: 10 + (t % 2) * 0.1, lon: 25 + Math.floor(t / 2) * 0.1, potential: 80, workload: 2 })),
  { id: 'e4', lat: 10.05, lon: 25.05, potential: 80, workload: 2 },
];
const REPS: Rep[] = [{ id: 'r1' }, { id: 'r2' }];
const INPUT: TerritoryInput = deepFreeze({ accounts: ACCOUNTS, reps: REPS });
const BY_TOWN: Assignment[] = deepFreeze(ACCOUNTS.map((a) => ({ accountId: a.id, repId: a.id[0] === 'w' ? 'r1' : 'r2' })));

async function issuesOf(run: Promise<unknown>) {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TerritoryInputError);
  return (error as TerritoryInputError).issues;
}

describe('evaluateTerritories(input, assignments, options)', () => {
  it('scores a balanced, compact plan as feasible with no warnings', async () => {
    const { territories, metrics, warnings } = await evaluateTerritories(INPUT, BY_TOWN, { balance: ['potential', 'workload'], tolerance: 0.5 });
    expect(metrics.feasible).toBe(true);
    expect(warnings).toEqual([]);
    expect(territories.map((t) => t.accountIds)).toEqual([['w0', 'w1', 'w2', 'w3'], ['e0', 'e1', 'e2', 'e3', 'e4']]);
    expect(territories.map((t) => t.totals)).toEqual([{ potential: 400, workload: 4 }, { potential: 400, workload: 10 }]);
    expect(territories.map((t) => t.deviations.workload)).toEqual([4 / 7 - 1, 10 / 7 - 1].map((v) => expect.closeTo(v, 12)));
    expect(metrics.balance.map((b) => b.tolerance)).toEqual([0.5, 0.5]);
    expect(metrics.overlap).toEqual({ areaRatio: 0, accountsInOtherHullsShare: 0, contiguousShare: 1, nonContiguous: [] });
    expect(territories.every((t) => t.hull !== null && t.contiguous)).toBe(true);
    // Every account is 0.1 degrees from a square's neighbours: the diameter is the square's diagonal.
    expect(territories[0].maxDiameterKm).toBeCloseTo(refHaversine(10, 20, 10.1, 20.1), 6);
    // Every w account has today's rep r1 and keeps it.
    expect(metrics.disruption).toMatchObject({ accountsMoved: 0, potentialMoved: 0, accountsMovedShare: 0, potentialMovedShare: 0 });
    expect(metrics.disruption!.perRep.every((r) => r.gained === 0 && r.lost === 0)).toBe(true);
    expect(nonFinite({ territories, metrics })).toEqual([]);
  });

  it('accepts the assignments in any order', async () => {
    const a = await evaluateTerritories(INPUT, [...BY_TOWN].reverse());
    const b = await evaluateTerritories(INPUT, BY_TOWN);
    expect(a).toEqual(b);
  });

  it('gives the same figures when the accounts are listed in another order (metamorphic)', async () => {
    const options = { balance: ['potential', 'workload', 'accounts'] };
    const a = await evaluateTerritories(INPUT, BY_TOWN, options);
    const b = await evaluateTerritories({ accounts: [...ACCOUNTS].reverse(), reps: REPS }, BY_TOWN, options);
    const strip = (r: typeof a) => r.territories.map(({ accountIds, hull, center, ...rest }) => ({ ...rest, ids: [...accountIds].sort() }));
    expect(strip(b)).toEqual(strip(a).map((t) => ({
      ...t,
      meanDistanceKm: expect.closeTo(t.meanDistanceKm, 9),
      maxDiameterKm: expect.closeTo(t.maxDiameterKm, 9),
    })));
    expect(b.metrics.compactness.objective).toBeCloseTo(a.metrics.compactness.objective, 12);
    expect(b.metrics.balance).toEqual(a.metrics.balance);
  });

  it('skips hulls when hulls is false', async () => {
    const { territories, metrics } = await evaluateTerritories(INPUT, BY_TOWN, { hulls: false });
    expect(territories.map((t) => t.hull)).toEqual([null, null]);
    expect(metrics.overlap.areaRatio).toBe(0);
  });

  it('warns once per measure out of band, per empty rep, and once for split territories', async () => {
    const input = deepFreeze({ accounts: ACCOUNTS, reps: [...REPS, { id: 'r3' }] });
    // r1 takes the middle of the east town: every rep is out of band and r1 is split.
    const plan = BY_TOWN.map((a) => (a.accountId === 'e4' ? { accountId: 'e4', repId: 'r1' } : a));
    const { metrics, warnings } = await evaluateTerritories(input, plan, { balance: ['potential', 'workload'] });
    expect(metrics.feasible).toBe(false);
    expect(warnings.map((w) => [w.code, w.measure ?? w.repId ?? null])).toEqual([
      ['band-not-met', 'potential'],
      ['band-not-met', 'workload'],
      ['empty-territory', 'r3'],
      ['not-contiguous', 'r1'],
    ]);
    expect(warnings[0].message).toMatch(/^3 of 3 territories are outside the ±5% band on potential/);
    // The reps out of band are named, furthest out first, each with its deviation (as the territories say).
    const byDistance = territoriesOutOfBand(warnings[0].message);
    expect(byDistance.map(([rep]) => rep).sort()).toEqual(['r1', 'r2', 'r3']);
    const deviations = byDistance.map(([, d]) => Math.abs(d));
    expect(deviations).toEqual([...deviations].sort((a, b) => b - a));
    expect(metrics.overlap.nonContiguous).toEqual(['r1']);
  });

  it('warns about an oversized account and scores the others against the rest', async () => {
    const accounts = [...ACCOUNTS, { id: 'big', lat: 12, lon: 22, potential: 2400 }];
    const input = deepFreeze({ accounts, reps: [...REPS, { id: 'r3' }] });
    const plan = [...BY_TOWN, { accountId: 'big', repId: 'r3' }];
    const { territories, warnings } = await evaluateTerritories(input, plan);
    expect(warnings.filter((w) => w.code === 'account-exceeds-band').map((w) => w.accountId)).toEqual(['big']);
    expect(territories.map((t) => t.isolated)).toEqual([false, false, true]);
    expect(territories.map((t) => t.targets.potential)).toEqual([400, 400, 3200 / 3].map((v) => expect.closeTo(v, 9)));
  });

  it('rejects a plan that misses, repeats or invents accounts or reps, with paths', async () => {
    const plan: Assignment[] = [
      ...BY_TOWN.slice(1),
      { accountId: 'w1', repId: 'r2' },
      { accountId: 'nobody', repId: 'r1' },
      { accountId: 'e1', repId: 'r9' },
    ];
    const issues = await issuesOf(evaluateTerritories(INPUT, plan));
    expect(issues.map((i) => i.path)).toEqual([
      ['assignments', 8, 'accountId'],
      ['assignments', 9, 'accountId'],
      ['assignments', 10, 'repId'],
      ['assignments', 10, 'accountId'],
      ['assignments'],
    ]);
    expect(issues[0].message).toBe('expected each account once, but "w1" is already assigned at assignments[0]');
    expect(issues[1].message).toBe('expected the id of an account in accounts, got "nobody"');
    expect(issues[2].message).toBe('expected the id of a rep in reps, got "r9"');
    expect(issues[3].message).toBe('expected each account once, but "e1" is already assigned at assignments[4]');
    expect(issues[4].message).toBe('expected one assignment per account, but accounts[0] ("w0") has none');
  });

  it('rejects assignments that are not an array of objects', async () => {
    const notArray = await issuesOf(evaluateTerritories(INPUT, 'x' as unknown as Assignment[]));
    expect(notArray.map((i) => i.path)).toEqual([['assignments']]);
    const withNull = await issuesOf(evaluateTerritories(INPUT, [null, ...BY_TOWN.slice(1)] as unknown as Assignment[]));
    expect(withNull.map((i) => i.path)).toEqual([['assignments', 0], ['assignments']]);
  });

  it('rejects bad input before looking at the plan', async () => {
    const bad = { accounts: [{ ...ACCOUNTS[0], lat: 91 }, ...ACCOUNTS.slice(1)], reps: REPS };
    const issues = await issuesOf(evaluateTerritories(bad, BY_TOWN));
    expect(issues[0].path).toEqual(['accounts', 0, 'lat']);
  });
});

/** The `rep ±d%` pairs a band-not-met message names after its colon, as [repId, deviation in %]. */
function territoriesOutOfBand(message: string): [string, number][] {
  return message.slice(message.indexOf('): ') + 3).split(', ').map((pair) => {
    const [rep, d] = pair.split(' ');
    return [rep, Number(d.replace('%', ''))];
  });
}
