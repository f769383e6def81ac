/**
 * Walks a value for its numbers, so a test can assert that a plan carries no NaN or Infinity anywhere
 * (metrics, territories, hulls), however the result's shape grows.
 */

/** Every number in a value, found by walking it (arrays and own enumerable values of objects). */
export function numbers(value: unknown, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const v of value) numbers(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) numbers(v, out);
  return out;
}

/** The path and value of every non-finite number in a value, e.g. `territories[2].deviations.potential: NaN`;
 *  empty when all are finite. */
export function finiteProblems(value: unknown, path = 'plan', out: string[] = []): string[] {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) out.push(`${path}: ${value}`);
  } else if (Array.isArray(value)) value.forEach((v, i) => finiteProblems(v, `${path}[${i}]`, out));
  else if (value && typeof value === 'object') for (const [key, v] of Object.entries(value)) finiteProblems(v, `${path}.${key}`, out);
  return out;
}
