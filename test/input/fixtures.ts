/** Small valid inputs and a deep freeze, shared by the input tests. */
import type { Account, Rep } from '../../src/types.js';

/** `n` valid accounts (ids `A-0`...) spread over the US, and reps `R-0`, `R-1`, `R-2`. */
export function makeInput(n = 14): { accounts: Account[]; reps: Rep[] } {
  const accounts: Account[] = [];
  for (let i = 0; i < n; i++) {
    accounts.push({ id: `A-${i}`, lat: 30 + (i % 10), lon: -100 + i, potential: 100 + i, workload: 1 + (i % 3) });
  }
  return { accounts, reps: [{ id: 'R-0' }, { id: 'R-1', capacity: 2 }, { id: 'R-2', home: { lat: 35, lon: -95 } }] };
}

/** Freezes `value` and everything reachable from it, so any write by the code under test throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}
