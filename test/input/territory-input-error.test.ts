import { describe, it, expect } from 'vitest';
import { TerritoryInputError } from '../../src/input/territory-input-error.js';
import { validateInput } from '../../src/input/validate-input.js';
import { resolveOptions } from '../../src/input/resolve-options.js';
import { formatPath, formatValue } from '../../src/input/format-issue.js';
import { MAX_ISSUES } from '../../src/input/issue-list.js';

describe('formatPath(path)', () => {
  it.each([
    [['accounts', 12, 'lat'], 'accounts[12].lat'],
    [['accounts', 12, 'attributes', 'revenue'], 'accounts[12].attributes.revenue'],
    [['accounts', 0, 'attributes', 'first name'], 'accounts[0].attributes["first name"]'],
    [['options', 'tolerance'], 'options.tolerance'],
    [['options', 'balance', 1], 'options.balance[1]'],
    [['reps', 0, 'home', 'lat'], 'reps[0].home.lat'],
    [[], 'input'],
  ] as [(string | number)[], string][])('%j reads as %s', (path, text) => {
    expect(formatPath(path)).toBe(text);
  });
});

describe('formatValue(value)', () => {
  it.each([
    ['12', '"12"'],
    [91, '91'],
    [NaN, 'NaN'],
    [Infinity, 'Infinity'],
    [-Infinity, '-Infinity'],
    [-0, '-0'],
    [null, 'null'],
    [undefined, 'undefined'],
    [true, 'true'],
    [{ a: 1 }, 'an object'],
    [[1, 2], 'an array'],
    [10n, '10n'],
    ['x'.repeat(100), `"${'x'.repeat(39)}…"`],
    ['say "hi"', '"say \\"hi\\""'],
  ] as [unknown, string][])('%s prints as %s', (value, text) => {
    expect(formatValue(value)).toBe(text);
  });
});

describe('new TerritoryInputError(issues)', () => {
  it('is an Error named TerritoryInputError listing one issue per line', () => {
    const error = new TerritoryInputError([
      { path: ['accounts', 12, 'lat'], message: 'expected a number between -90 and 90, got 91', value: 91 },
      { path: ['reps'], message: 'expected at least one rep, got 0' },
    ]);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('TerritoryInputError');
    expect(error.message).toBe(
      'territory-design: 2 problems in the input\n' +
        '  accounts[12].lat: expected a number between -90 and 90, got 91\n' +
        '  reps: expected at least one rep, got 0',
    );
  });

  it('lists 20 issues in the message, keeps 1000, and counts them all', () => {
    const accounts = Array.from({ length: 3000 }, (_, i) => ({ id: `A-${i}`, lat: 0, lon: 0, potential: -1 }));
    let error: unknown;
    try {
      validateInput({ accounts, reps: [{ id: 'R' }] });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TerritoryInputError);
    const { issues, issueCount, message } = error as TerritoryInputError;
    expect(issues).toHaveLength(MAX_ISSUES);
    expect(issueCount).toBe(3000);
    expect(message.split('\n')).toHaveLength(1 + 20 + 1);
    expect(message).toContain('\n  accounts[19].potential: expected a finite number >= 0, got -1\n  ... and 2980 more');
    expect(message.startsWith('territory-design: 3000 problems in the input\n')).toBe(true);
  });
});

describe('resolveOptions(options)', () => {
  it('throws TerritoryInputError for a bad option', () => {
    expect(() => resolveOptions({ hulls: 'yes' })).toThrow(TerritoryInputError);
    expect(() => resolveOptions({ hulls: 'yes' })).toThrow('options.hulls: expected true or false, got "yes"');
  });

  it('accepts undefined and explicit undefined values as defaults', () => {
    expect(resolveOptions().candidates).toBe(4);
    expect(resolveOptions({ candidates: undefined, solver: 'javascript-lp-solver' })).toMatchObject({
      candidates: 4,
      solver: 'javascript-lp-solver',
    });
  });
});
