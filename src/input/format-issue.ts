/**
 * How an input issue reads: its path as JavaScript access (`accounts[12].attributes.revenue`) and the
 * offending value in a few characters. Shared by the zod schemas, the hand-written account check and
 * `TerritoryInputError`, so every route to an issue words it the same way.
 */

/** Longest string value printed in a message before it is cut with an ellipsis. */
const MAX_STRING = 40;

/** A key that reads as `.key`; anything else (`'first name'`, `'2024'`) reads as `["key"]`. */
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/**
 * Formats an issue path as JavaScript property access. The empty path is the input itself.
 * O(path length).
 * @example formatPath(['accounts', 12, 'attributes', 'revenue']) // => 'accounts[12].attributes.revenue'
 */
export function formatPath(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'input';
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    if (typeof key === 'number') out += `[${key}]`;
    else if (IDENTIFIER.test(key)) out += i === 0 ? key : `.${key}`;
    else out += `[${JSON.stringify(key)}]`;
  }
  return out;
}

/**
 * Formats a value for a message, short and JSON-ish: strings quoted and cut at ~40 characters, NaN and
 * Infinity by name, containers by kind only (they can be huge, and the path already says where). O(1).
 * @example formatValue('12') // => '"12"'
 * @example formatValue(NaN) // => 'NaN'
 * @example formatValue({ lat: 1 }) // => 'an object'
 */
export function formatValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      // Cut before stringifying so a megabyte-long cell costs nothing.
      return JSON.stringify(value.length > MAX_STRING ? `${value.slice(0, MAX_STRING - 1)}…` : value);
    case 'number':
      return Object.is(value, -0) ? '-0' : String(value);
    case 'bigint':
      return `${value}n`;
    case 'boolean':
    case 'undefined':
      return String(value);
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      if (value === null) return 'null';
      return Array.isArray(value) ? 'an array' : 'an object';
  }
}

/** Longest error text quoted in a message about a value that threw when read. */
const MAX_ERROR = 200;

/**
 * The text of something thrown while reading the caller's data (a Proxy trap or a getter), cut short,
 * never throwing itself (a thrown object may have a throwing `toString`). O(1).
 * @example formatError(new Error('locked')) // => 'locked'
 */
export function formatError(error: unknown): string {
  let text: string;
  try {
    text = error instanceof Error ? error.message : String(error);
  } catch {
    text = 'an unprintable value';
  }
  return text.length > MAX_ERROR ? `${text.slice(0, MAX_ERROR - 1)}…` : text;
}

/**
 * The message for a value of the caller's (an account, a rep, the accounts array, an option) that threw when
 * read. O(1).
 * @example unreadable('account', new Error('locked')) // => 'expected a readable account, got an error reading it: locked'
 */
export function unreadable(what: string, error: unknown): string {
  return `expected a readable ${what}, got an error reading it: ${formatError(error)}`;
}

/** Stands for a value whose read threw (and was reported by `readOrReport`). */
export const UNREAD: unique symbol = Symbol('unread');

/**
 * Reads `get()`, turning anything it throws (a getter, a Proxy trap) into an issue at `path` and `fallback`,
 * so hostile input gets a named error, never a stack trace from inside. O(1) plus the read.
 * @example readOrReport(() => input.accounts, ['accounts'], 'array of accounts', list, undefined)
 */
export function readOrReport<T, F>(get: () => T, path: (string | number)[], what: string, list: { add(path: (string | number)[], message: () => string): void }, fallback: F): T | F {
  try {
    return get();
  } catch (error) {
    list.add(path, () => unreadable(what, error));
    return fallback;
  }
}

/**
 * The message for values that are each finite but add up to more than the largest double. O(1).
 * @param got how the values are named after "got" (default `what`)
 * @example sumOverflows('capacities') // => 'expected capacities whose sum is finite, got capacities that add up to more than 1.7976931348623157e+308 (rescale them: only ratios matter)'
 */
export function sumOverflows(what: string, got = what): string {
  return `expected ${what} whose sum is finite, got ${got} that add up to more than ${Number.MAX_VALUE} (rescale them: only ratios matter)`;
}

/**
 * The standard issue message: what was expected and what came instead. O(1).
 * @example mismatch('a number between -90 and 90', 91) // => 'expected a number between -90 and 90, got 91'
 */
export function mismatch(expected: string, value: unknown): string {
  return `expected ${expected}, got ${formatValue(value)}`;
}
