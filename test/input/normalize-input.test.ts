import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { naturalCompare, normalizeInput } from '../../src/input/normalize-input.js';
import { validateInput } from '../../src/input/validate-input.js';
import type { Account, Rep } from '../../src/types.js';
import { deepFreeze, makeInput } from './fixtures.js';

/** A hand-made problem whose every column is worked out below. */
function example(): { accounts: Account[]; reps: Rep[] } {
  return {
    accounts: [
      { id: 'A', lat: 0, lon: 0, potential: 10, workload: 2, attributes: { revenue: 0 }, lockedRepId: 'R-2' },
      { id: 'B', lat: 0, lon: 90, potential: 30, attributes: { revenue: 0 }, currentRepId: 'R-1' },
      { id: 'C', lat: 90, lon: 0, potential: 0, workload: 1, attributes: { revenue: 0 } },
      { id: 'D', lat: -45, lon: 180, potential: 60, workload: 4, attributes: { revenue: 0 }, lockedRepId: 'R-0', currentRepId: 'R-0' },
    ],
    reps: [{ id: 'R-0', home: { lat: 0, lon: 0 } }, { id: 'R-1', capacity: 2 }, { id: 'R-2', capacity: 1 }],
  };
}

const BALANCE = ['potential', { measure: 'workload', tolerance: 0.1 }, 'accounts', 'revenue'];

describe('normalizeInput(input, options)', () => {
  const { input, options } = validateInput(example(), { balance: BALANCE });
  const p = normalizeInput(input, options);

  it('lays out ids, coordinates and unit vectors', () => {
    expect(p.n).toBe(4);
    expect(p.k).toBe(3);
    expect(p.accountIds).toEqual(['A', 'B', 'C', 'D']);
    expect(p.repIds).toEqual(['R-0', 'R-1', 'R-2']);
    expect(Array.from(p.lat)).toEqual([0, 0, 90, -45]);
    expect(Array.from(p.lon)).toEqual([0, 90, 0, 180]);
    expect(Array.from(p.xyz.subarray(0, 3))).toEqual([1, 0, 0]);
    const expected = [1, 0, 0, 0, 1, 0, 0, 0, 1, -Math.SQRT1_2, 0, -Math.SQRT1_2];
    p.xyz.forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
  });

  it('builds one column per balanced measure, in balance order, with totals', () => {
    expect(Array.from(p.potential)).toEqual([10, 30, 0, 60]);
    expect(p.measures.map((m) => [m.name, m.tolerance, Array.from(m.values), m.total])).toEqual([
      ['potential', 0.05, [10, 30, 0, 60], 100],
      ['workload', 0.1, [2, 1, 1, 4], 8], // B has no workload: 1
      ['accounts', 0.05, [1, 1, 1, 1], 4],
      ['revenue', 0.05, [0, 0, 0, 0], 0],
    ]);
  });

  it('weights each account 0.05 + the mean over measures of value / mean value (0 for an all-zero measure)', () => {
    // potential mean 25, workload mean 2, accounts mean 1, revenue adds 0; four measures:
    // A: 0.05 + (10/25 + 2/2 + 1 + 0) / 4 = 0.65, B: 0.05 + (30/25 + 1/2 + 1) / 4 = 0.725,
    // C: 0.05 + (0 + 1/2 + 1) / 4 = 0.425, D: 0.05 + (60/25 + 4/2 + 1) / 4 = 1.4.
    const expected = [0.65, 0.725, 0.425, 1.4];
    expect(p.weight).toHaveLength(4);
    p.weight.forEach((w, i) => expect(w).toBeCloseTo(expected[i], 12));
  });

  it('gives reps capacity, share, homes, and accounts locked and current rep indices', () => {
    expect(Array.from(p.capacity)).toEqual([1, 2, 1]);
    expect(Array.from(p.share)).toEqual([0.25, 0.5, 0.25]);
    expect(Array.from(p.hasHome)).toEqual([1, 0, 0]);
    expect(Array.from(p.homeXyz.subarray(0, 3))).toEqual([1, 0, 0]);
    expect(Array.from(p.homeXyz.subarray(3)).every(Number.isNaN)).toBe(true);
    expect(Array.from(p.locked)).toEqual([2, -1, -1, 0]);
    expect(Array.from(p.current)).toEqual([-1, 1, -1, 0]);
  });

  it('works on a deep-frozen input and leaves it deep-equal', () => {
    const frozen = deepFreeze(example());
    const before = structuredClone(frozen);
    const valid = validateInput(frozen, deepFreeze({ balance: BALANCE }));
    const again = normalizeInput(valid.input, valid.options);
    expect(frozen).toEqual(before);
    expect(Array.from(again.weight)).toEqual(Array.from(p.weight));
  });

  it('reads attributes named __proto__ and constructor as data', () => {
    const accounts = JSON.parse(
      '[{"id":"__proto__","lat":0,"lon":0,"potential":1,"attributes":{"constructor":2}},' +
        '{"id":"constructor","lat":0,"lon":1,"potential":1,"attributes":{"constructor":6},"lockedRepId":"__proto__"}]',
    );
    const valid = validateInput({ accounts, reps: JSON.parse('[{"id":"constructor"},{"id":"__proto__"}]') }, { balance: ['constructor'] });
    const q = normalizeInput(valid.input, valid.options);
    expect(Array.from(q.measures[0].values)).toEqual([2, 6]);
    expect(Array.from(q.locked)).toEqual([-1, 1]);
    expect(q.accountIds).toEqual(['__proto__', 'constructor']);
  });
});

const finite = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const accountArbitrary = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 12 }),
    lat: finite(-90, 90),
    lon: finite(-180, 180),
    potential: finite(0, 1e9),
    workload: finite(0, 1e3),
    attributes: fc.record({ revenue: finite(0, 1e6) }),
  },
  { requiredKeys: ['id', 'lat', 'lon', 'potential', 'attributes'] },
);

describe('normalizeInput(validateInput(random valid input))', () => {
  it('validates and normalises with n entries and totals equal to the column sums', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(accountArbitrary, { selector: (a) => a.id, minLength: 1, maxLength: 60 }),
        fc.array(fc.option(finite(0.01, 10), { nil: undefined }), { minLength: 1, maxLength: 5 }),
        (accounts, capacities) => {
          const reps = capacities.map((capacity, j) => (capacity === undefined ? { id: `R-${j}` } : { id: `R-${j}`, capacity }));
          const input = deepFreeze({ accounts, reps });
          const { input: valid, options } = validateInput(input, { balance: ['potential', 'workload', 'accounts', 'revenue'] });
          const p = normalizeInput(valid, options);
          const n = accounts.length;
          expect(p.n).toBe(n);
          expect([p.lat.length, p.lon.length, p.potential.length, p.weight.length, p.xyz.length / 3]).toEqual([n, n, n, n, n]);
          const sums = [
            accounts.reduce((s, a) => s + a.potential, 0),
            accounts.reduce((s, a) => s + (a.workload ?? 1), 0),
            n,
            accounts.reduce((s, a) => s + a.attributes.revenue, 0),
          ];
          p.measures.forEach((m, b) => {
            expect(m.values.length).toBe(n);
            expect(m.total).toBe(m.values.reduce((s, v) => s + v, 0));
            expect(Math.abs(m.total - sums[b])).toBeLessThanOrEqual(1e-9 * Math.max(1, sums[b]));
          });
          expect(p.share.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
          // Every weight is at least the floor, and the weights average to 0.05 + (share of non-zero measures).
          const nonZero = p.measures.filter((m) => m.total > 0).length / p.measures.length;
          expect(p.weight.every((w) => w >= 0.05)).toBe(true);
          expect(p.weight.reduce((s, w) => s + w, 0) / n).toBeCloseTo(0.05 + nonZero, 9);
          for (let i = 0; i < n; i++) {
            const r = Math.hypot(p.xyz[3 * i], p.xyz[3 * i + 1], p.xyz[3 * i + 2]);
            expect(r).toBeCloseTo(1, 12);
          }
        },
      ),
      { numRuns: 200, seed: 20261129 },
    );
  });

  it('keeps the makeInput fixture valid', () => {
    const { input, options } = validateInput(makeInput());
    expect(normalizeInput(input, options).n).toBe(14);
  });
});

describe('account order', () => {
  it('holds accounts in the natural order of their ids, with inputIndex pointing back at the input', () => {
    const accounts = ['a10', 'a2', 'b1', 'a01', 'a1', 'A3'].map((id, i) => ({ id, lat: i, lon: -i, potential: 10 + i }));
    const { input, options } = validateInput({ accounts, reps: [{ id: 'r' }] }, { balance: ['potential'] });
    const p = normalizeInput(input, options);
    expect(p.accountIds).toEqual(['A3', 'a01', 'a1', 'a2', 'a10', 'b1']);
    expect(Array.from(p.inputIndex)).toEqual([5, 3, 4, 1, 0, 2]);
    expect(Array.from(p.potential)).toEqual([15, 13, 14, 11, 10, 12]);
  });

  it('gives the same problem for any order of the same accounts', () => {
    const base = makeInput(40).accounts;
    fc.assert(
      fc.property(fc.shuffledSubarray(base.map((_, i) => i), { minLength: base.length }), (perm) => {
        const shuffled = perm.map((i) => base[i]);
        const a = normalizeInput(...(Object.values(validateInput({ accounts: base, reps: [{ id: 'r' }] })) as [never, never]));
        const b = normalizeInput(...(Object.values(validateInput({ accounts: shuffled, reps: [{ id: 'r' }] })) as [never, never]));
        expect(b.accountIds).toEqual(a.accountIds);
        expect(Array.from(b.xyz)).toEqual(Array.from(a.xyz));
        expect(Array.from(b.weight)).toEqual(Array.from(a.weight));
        for (let i = 0; i < a.n; i++) expect(shuffled[b.inputIndex[i]].id).toBe(a.accountIds[i]);
      }),
      { numRuns: 30, seed: 11 },
    );
  });

  it('orders ids naturally and totally: digit runs by value, ties of leading zeros by code unit', () => {
    expect(['x', 'a10', 'a2', 'a01', 'a1', 'a', 'a1b', 'a001'].sort(naturalCompare)).toEqual(['a', 'a001', 'a01', 'a1', 'a1b', 'a2', 'a10', 'x']);
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('0', '1', '9', 'a', 'b') }), fc.string({ unit: fc.constantFrom('0', '1', '9', 'a', 'b') }), (a, b) => {
        const ab = Math.sign(naturalCompare(a, b));
        expect(ab + Math.sign(naturalCompare(b, a))).toBe(0);
        expect(ab === 0).toBe(a === b);
      }),
      { numRuns: 500, seed: 3 },
    );
  });
});
