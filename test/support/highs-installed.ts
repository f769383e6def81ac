import { createRequire } from 'node:module';

/**
 * Whether the optional `highs` package resolves, checked without loading its WebAssembly. Tests of the HiGHS
 * paths, and the benchmark's exact contender, run only where it does.
 * @example highsInstalled() // => true after a plain `npm ci` (it is an optionalDependency)
 */
export function highsInstalled(): boolean {
  try {
    createRequire(import.meta.url).resolve('highs');
    return true;
  } catch {
    return false;
  }
}
