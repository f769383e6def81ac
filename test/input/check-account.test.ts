import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { checkAccount } from '../../src/input/check-account.js';
import { IssueList } from '../../src/input/issue-list.js';
import { accountSchema } from '../../src/input/schema.js';
import { collectZodIssues } from '../../src/input/zod-issues.js';

/** The issues zod reports for one account, mapped the way validateInput maps zod issues. */
function viaZod(account: unknown, index: number): IssueList {
  const list = new IssueList();
  const parsed = accountSchema.safeParse(account);
  if (!parsed.success) collectZodIssues(parsed.error, account, ['accounts', index], list);
  return list;
}

function viaLoop(account: unknown, index: number): IssueList {
  const list = new IssueList();
  checkAccount(account, index, list);
  return list;
}

// Keys other than "__proto__": zod's record skips an own "__proto__" key and the loop checks it (deliberate).
const junk = fc.oneof(
  fc.anything({ key: fc.string().filter((key) => key !== '__proto__') }),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, -1, 0, 91, -181, '12', '', null, undefined, true, [], {}),
);
const maybe = <T>(valid: fc.Arbitrary<T>) => fc.oneof({ weight: 3, arbitrary: valid }, { weight: 1, arbitrary: junk });
// Attribute names zod and the loop agree on (zod's record skips an own "__proto__" key; the loop checks it).
const attributes = fc.oneof(
  fc.dictionary(fc.constantFrom('revenue', 'visits', 'first name', 'constructor', '0'), maybe(fc.double({ min: 0, max: 1e6, noNaN: true }))),
  junk,
);
const account = fc.oneof(
  { weight: 9, arbitrary: fc.record(
    {
      id: maybe(fc.string()),
      lat: maybe(fc.double({ min: -90, max: 90, noNaN: true })),
      lon: maybe(fc.double({ min: -180, max: 180, noNaN: true })),
      potential: maybe(fc.double({ min: 0, noNaN: true })),
      workload: maybe(fc.double({ min: 0, noNaN: true })),
      attributes,
      currentRepId: maybe(fc.string()),
      lockedRepId: maybe(fc.string()),
      extraColumn: fc.anything(),
    },
    { requiredKeys: [] },
  ) },
  { weight: 1, arbitrary: junk },
);

describe('checkAccount(account, index, list)', () => {
  it('reports exactly what accountSchema reports: same paths, messages and values, in the same order', () => {
    fc.assert(
      fc.property(account, fc.nat(100_000), (a, index) => {
        expect(viaLoop(a, index).issues).toEqual(viaZod(a, index).issues);
      }),
      { numRuns: 3000, seed: 20261129 },
    );
  });

  it('accepts a valid account with extra columns and reports nothing', () => {
    const list = viaLoop({ id: 'A', lat: -90, lon: 180, potential: 0, workload: 0, attributes: {}, region: 'North' }, 0);
    expect(list.count).toBe(0);
  });

  it('reports one issue for a non-string id that has a length property (zod 4 would also run its length check)', () => {
    for (const a of [{ lockedRepId: { length: ':' } }, { id: { length: 0 } }, { id: { length: 5000 }, currentRepId: { length: 2000 } }]) {
      const loop = viaLoop(a, 0).issues;
      expect(loop).toEqual(viaZod(a, 0).issues);
      expect(loop.some((issue) => issue.message.includes('characters'))).toBe(false);
    }
  });

  it('rejects a Map as attributes, as zod does', () => {
    const a = { id: 'A', lat: 0, lon: 0, potential: 1, attributes: new Map([['revenue', 1]]) };
    expect(viaLoop(a, 3).issues).toEqual(viaZod(a, 3).issues);
    expect(viaLoop(a, 3).issues[0].message).toBe('expected an object of numbers, got an object');
  });
});
