import { describe, it, expect } from 'vitest';
import { validateInput } from '../../src/input/validate-input.js';
import { TerritoryInputError } from '../../src/input/territory-input-error.js';
import { formatPath } from '../../src/input/format-issue.js';
import { defaultOptions } from '../../src/types.js';
import { deepFreeze, makeInput } from './fixtures.js';

type Writable = { accounts: Record<string, unknown>[]; reps: Record<string, unknown>[] };

/** The error `validateInput` throws for this input, failing the test when it does not throw one. */
function errorOf(input: unknown, options?: unknown): TerritoryInputError {
  try {
    validateInput(input, options);
  } catch (e) {
    expect(e).toBeInstanceOf(TerritoryInputError);
    return e as TerritoryInputError;
  }
  expect.unreachable('validateInput accepted a bad input');
}

interface ErrorCase {
  name: string;
  /** Spoils a fresh valid input; returns a replacement input when the whole input is the point. */
  spoil?: (input: Writable) => unknown;
  options?: unknown;
  path: (string | number)[];
  /** Text the message must show after the path (the expectation and the bad value). */
  shows: string;
}

const withRevenue = (input: Writable) => input.accounts.forEach((a, i) => (a.attributes = { revenue: i }));

const cases: ErrorCase[] = [
  { name: 'duplicate account id', spoil: (x) => void (x.accounts[7].id = 'A-2'), path: ['accounts', 7, 'id'], shows: 'duplicate id "A-2", first used at accounts[2]' },
  { name: 'duplicate rep id', spoil: (x) => void (x.reps[2].id = 'R-0'), path: ['reps', 2, 'id'], shows: 'duplicate id "R-0", first used at reps[0]' },
  { name: 'unknown lockedRepId', spoil: (x) => void (x.accounts[3].lockedRepId = 'R-9'), path: ['accounts', 3, 'lockedRepId'], shows: 'expected a rep id (one of "R-0", "R-1", "R-2"), got "R-9"' },
  { name: 'unknown currentRepId', spoil: (x) => void (x.accounts[4].currentRepId = 'R-7'), path: ['accounts', 4, 'currentRepId'], shows: 'got "R-7"' },
  { name: 'NaN', spoil: (x) => void (x.accounts[4].potential = NaN), path: ['accounts', 4, 'potential'], shows: 'expected a finite number >= 0, got NaN' },
  { name: 'Infinity', spoil: (x) => void (x.accounts[5].lon = Infinity), path: ['accounts', 5, 'lon'], shows: 'expected a number between -180 and 180, got Infinity' },
  { name: 'lat out of range', spoil: (x) => void (x.accounts[12].lat = 91), path: ['accounts', 12, 'lat'], shows: 'expected a number between -90 and 90, got 91' },
  { name: 'lon out of range', spoil: (x) => void (x.accounts[1].lon = -180.5), path: ['accounts', 1, 'lon'], shows: 'expected a number between -180 and 180, got -180.5' },
  { name: 'negative potential', spoil: (x) => void (x.accounts[0].potential = -1), path: ['accounts', 0, 'potential'], shows: 'expected a finite number >= 0, got -1' },
  { name: 'negative workload', spoil: (x) => void (x.accounts[9].workload = -2), path: ['accounts', 9, 'workload'], shows: 'expected a finite number >= 0, got -2' },
  { name: 'negative attribute', spoil: (x) => void (x.accounts[6].attributes = { revenue: -3 }), path: ['accounts', 6, 'attributes', 'revenue'], shows: 'expected a finite number >= 0, got -3' },
  { name: 'zero reps', spoil: (x) => void (x.reps = []), path: ['reps'], shows: 'expected at least one rep, got 0' },
  { name: 'zero accounts', spoil: (x) => void (x.accounts = []), path: ['accounts'], shows: 'expected at least one account, got 0' },
  { name: 'zero capacity', spoil: (x) => void (x.reps[1].capacity = 0), path: ['reps', 1, 'capacity'], shows: 'expected a finite number > 0, got 0' },
  { name: 'negative capacity', spoil: (x) => void (x.reps[0].capacity = -0.5), path: ['reps', 0, 'capacity'], shows: 'expected a finite number > 0, got -0.5' },
  { name: 'rep home out of range', spoil: (x) => void (x.reps[2].home = { lat: 35, lon: 200 }), path: ['reps', 2, 'home', 'lon'], shows: 'got 200' },
  { name: 'unknown balance measure', options: { balance: ['potential', 'revenue'] }, path: ['options', 'balance', 1], shows: 'or an attribute that every account has, got "revenue"' },
  {
    name: 'unknown balance measure in an object entry',
    options: { balance: [{ measure: 'revenue', tolerance: 0.1 }] },
    path: ['options', 'balance', 0, 'measure'],
    shows: 'got "revenue"',
  },
  {
    name: 'attribute missing on some accounts',
    spoil: (x) => {
      withRevenue(x);
      delete x.accounts[3].attributes;
    },
    options: { balance: ['revenue'] },
    path: ['accounts', 3, 'attributes', 'revenue'],
    shows: 'required because options.balance names it: expected a finite number >= 0, got undefined',
  },
  { name: 'duplicate balance measure', options: { balance: ['potential', 'workload', { measure: 'potential' }] }, path: ['options', 'balance', 2, 'measure'], shows: 'duplicate measure "potential", first listed at options.balance[0]' },
  { name: 'empty balance', options: { balance: [] }, path: ['options', 'balance'], shows: 'expected at least one measure to balance' },
  { name: 'number as string', spoil: (x) => void (x.accounts[2].potential = '12'), path: ['accounts', 2, 'potential'], shows: 'expected a finite number >= 0, got "12"' },
  { name: 'missing id', spoil: (x) => void delete x.accounts[2].id, path: ['accounts', 2, 'id'], shows: 'expected a non-empty string, got undefined' },
  { name: 'empty id', spoil: (x) => void (x.reps[1].id = ''), path: ['reps', 1, 'id'], shows: 'expected a non-empty string, got ""' },
  {
    name: 'sparse array hole',
    spoil: (x) => {
      const sparse = x.accounts.slice();
      delete sparse[5];
      return { ...x, accounts: sparse };
    },
    path: ['accounts', 5],
    shows: 'expected an account, got an empty slot (sparse array)',
  },
  { name: 'account that is not an object', spoil: (x) => void (x.accounts[1] = null as never), path: ['accounts', 1], shows: 'expected an account object, got null' },
  { name: 'reps not an array', spoil: (x) => ({ accounts: x.accounts, reps: { id: 'R-0' } }), path: ['reps'], shows: 'expected an array of reps, got an object' },
  { name: 'tolerance 0', options: { tolerance: 0 }, path: ['options', 'tolerance'], shows: 'expected a number between 0 and 1 (exclusive), got 0' },
  { name: 'tolerance 1.5', options: { tolerance: 1.5 }, path: ['options', 'tolerance'], shows: 'got 1.5' },
  { name: 'per-measure tolerance out of range', options: { balance: [{ measure: 'potential', tolerance: 2 }] }, path: ['options', 'balance', 0, 'tolerance'], shows: 'got 2' },
  { name: 'unknown option key', options: { tolerence: 0.1 }, path: ['options', 'tolerence'], shows: 'unknown key "tolerence"; expected one of balance, tolerance, seed' },
  { name: 'candidates out of range', options: { candidates: 40.5 }, path: ['options', 'candidates'], shows: 'expected an integer between 1 and 32, got 40.5' },
  { name: 'seed not an integer', options: { seed: 1.5 }, path: ['options', 'seed'], shows: 'expected an integer, got 1.5' },
  { name: 'unknown solver', options: { solver: 'glpk' }, path: ['options', 'solver'], shows: 'expected "auto", "highs" or "javascript-lp-solver", got "glpk"' },
  { name: 'negative workers', options: { workers: -1 }, path: ['options', 'workers'], shows: 'expected an integer >= 0 (0 = one per core), got -1' },
  { name: 'onProgress not a function', options: { onProgress: 5 }, path: ['options', 'onProgress'], shows: 'expected a function, got 5' },
  { name: 'signal not an AbortSignal', options: { signal: { aborted: 'no' } }, path: ['options', 'signal'], shows: 'expected an AbortSignal, got an object' },
  { name: 'options not an object', options: 'fast', path: ['options'], shows: 'expected an options object, got "fast"' },
  { name: 'not an object', spoil: () => 42, path: [], shows: 'expected an object with "accounts" and "reps" arrays, got 42' },
];

describe('validateInput(input, options) rejects bad input with TerritoryInputError', () => {
  it.each(cases)('$name', ({ spoil, options, path, shows }) => {
    const input = makeInput() as unknown as Writable;
    const spoilt = deepFreeze(spoil?.(input) ?? input);
    expect(() => validateInput(spoilt, options)).toThrow(TerritoryInputError);
    const error = errorOf(spoilt, options);
    expect(error.name).toBe('TerritoryInputError');
    expect(error.issues[0].path).toEqual(path);
    const line = error.message.split('\n').find((l) => l.startsWith(`  ${formatPath(path)}: `));
    expect(line).toContain(shows);
  });

  it('names a latitude of 91 on the 13th account exactly', () => {
    const input = makeInput(20);
    input.accounts[12].lat = 91;
    const error = errorOf(deepFreeze(input));
    expect(error.message).toContain('accounts[12].lat: expected a number between -90 and 90, got 91');
    expect(error.issues).toEqual([
      { path: ['accounts', 12, 'lat'], message: 'expected a number between -90 and 90, got 91', value: 91 },
    ]);
  });

  it('reports a rep id that is an object with a length property once, as a type error', () => {
    const input = makeInput() as unknown as Writable;
    (input.reps[1] as { id: unknown }).id = { length: 5000 };
    const error = errorOf(deepFreeze(input));
    expect(error.issues).toEqual([
      { path: ['reps', 1, 'id'], message: 'expected a non-empty string, got an object', value: { length: 5000 } },
    ]);
  });

  it('reports every issue at once: options, reps, then accounts', () => {
    const input = makeInput() as unknown as Writable;
    input.accounts[2].lat = 'north';
    input.accounts[8].lat = -100;
    input.reps[0].capacity = 0;
    const error = errorOf(input, { tolerance: 2 });
    expect(error.issues.map((issue) => formatPath(issue.path))).toEqual([
      'options.tolerance',
      'reps[0].capacity',
      'accounts[2].lat',
      'accounts[8].lat',
    ]);
    expect(error.issueCount).toBe(4);
  });

  it('keeps a bad option in view however many accounts are bad', () => {
    const input = makeInput(5000) as unknown as Writable;
    for (const a of input.accounts) a.potential = -1; // and lon runs out of range past account 280
    const error = errorOf(input, { hulls: 'no' });
    expect(error.issues[0].path).toEqual(['options', 'hulls']);
    expect(error.issueCount).toBe(1 + 5000 + (5000 - 281));
    expect(error.issues).toHaveLength(1000);
    expect(error.message.split('\n')[1]).toBe('  options.hulls: expected true or false, got "no"');
  });

  it('keeps the offending values in the issues', () => {
    const input = makeInput() as unknown as Writable;
    const bad = { nested: true };
    input.accounts[1].workload = bad;
    expect(errorOf(input).issues[0].value).toBe(bad);
  });

  it('checks the accounts against the balance even when another option is bad', () => {
    const error = errorOf(makeInput(), { balance: ['revenue'], seed: 'x' });
    expect(error.issues.map((issue) => formatPath(issue.path))).toEqual(['options.seed', 'options.balance[0]']);
  });

  it('names at most five rep ids when a rep reference is unknown', () => {
    const input = makeInput() as unknown as Writable;
    input.reps = Array.from({ length: 8 }, (_, j) => ({ id: `R-${j}` }));
    input.accounts[0].currentRepId = 'R-8';
    expect(errorOf(input).issues[0].message).toBe(
      'expected a rep id (one of "R-0", "R-1", "R-2", "R-3", "R-4", … 3 more), got "R-8"',
    );
  });

  it('ignores extra columns on accounts and reps', () => {
    const input = makeInput() as unknown as Writable;
    input.accounts[0].region = 'West';
    input.reps[0].email = 'rep@example.com';
    expect(validateInput(input).input.accounts[0]).toBe(input.accounts[0]);
  });
});

describe('validateInput(input, options) resolves the options', () => {
  it('fills every default', () => {
    expect(validateInput(makeInput()).options).toEqual({
      ...defaultOptions,
      balance: [{ measure: 'potential', tolerance: 0.05 }],
      disruption: null,
      maxDistanceKm: Infinity,
    });
  });

  it('normalises balance entries, a measure tolerance falling back to the global one', () => {
    const input = makeInput();
    for (const a of input.accounts) a.attributes = { revenue: 1 };
    const { options } = validateInput(input, {
      balance: ['potential', { measure: 'workload', tolerance: 0.2 }, { measure: 'revenue' }, 'accounts'],
      tolerance: 0.1,
      seed: -7,
    });
    expect(options.balance).toEqual([
      { measure: 'potential', tolerance: 0.1 },
      { measure: 'workload', tolerance: 0.2 },
      { measure: 'revenue', tolerance: 0.1 },
      { measure: 'accounts', tolerance: 0.1 },
    ]);
    expect(options.seed).toBe(-7);
  });

  it('returns the caller arrays themselves, uncopied', () => {
    const input = makeInput();
    const valid = validateInput(input).input;
    expect(valid.accounts).toBe(input.accounts);
    expect(valid.reps).toBe(input.reps);
  });
});

describe('validateInput(input) never mutates and treats any string as an ordinary id', () => {
  it('accepts a deep-frozen input and leaves it deep-equal', () => {
    const input = makeInput();
    input.accounts[0].attributes = { revenue: 5 };
    input.accounts[1].lockedRepId = 'R-1';
    const before = structuredClone(input);
    const options = deepFreeze({ balance: ['potential', { measure: 'workload', tolerance: 0.1 }] });
    expect(() => validateInput(deepFreeze(input), options)).not.toThrow();
    expect(input).toEqual(before);
  });

  it('handles __proto__ and constructor as ids without prototype pollution', () => {
    const accounts = JSON.parse(
      '[{"id":"__proto__","lat":0,"lon":0,"potential":1,"lockedRepId":"__proto__"},' +
        '{"id":"constructor","lat":1,"lon":1,"potential":2,"currentRepId":"constructor"},' +
        '{"id":"toString","lat":2,"lon":2,"potential":3,"attributes":{"__proto__":4,"constructor":5}}]',
    );
    const reps = JSON.parse('[{"id":"__proto__"},{"id":"constructor"},{"id":"hasOwnProperty"}]');
    expect(validateInput({ accounts, reps }).input.accounts).toHaveLength(3);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Inherited names are not rep ids, and duplicates among them are still found.
    expect(errorOf({ accounts, reps: [{ id: 'R' }] }).issues.map((i) => i.message)).toEqual([
      'expected a rep id (one of "R"), got "__proto__"',
      'expected a rep id (one of "R"), got "constructor"',
    ]);
    const twice = JSON.parse('[{"id":"__proto__","lat":0,"lon":0,"potential":1},{"id":"__proto__","lat":0,"lon":0,"potential":1}]');
    expect(errorOf({ accounts: twice, reps }).issues[0].message).toBe('duplicate id "__proto__", first used at accounts[0]');
  });

  it('rejects a polluting attribute without polluting', () => {
    const accounts = JSON.parse('[{"id":"A","lat":0,"lon":0,"potential":1,"attributes":{"__proto__":{"polluted":1}}}]');
    const error = errorOf({ accounts, reps: [{ id: 'R' }] }, JSON.parse('{"__proto__":{"polluted":1}}'));
    expect(error.issues.map((i) => formatPath(i.path))).toEqual(['options.__proto__', 'accounts[0].attributes.__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
