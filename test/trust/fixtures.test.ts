/**
 * Every case `npm run fuzz` (or the property test) ever failed on, saved in `fixtures/` under a name that
 * says what went wrong, replayed with every check. Each was fixed; this keeps it fixed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CaseSpec } from './cases.js';
import { checkCase } from './check-case.js';

const dir = new URL('./fixtures/', import.meta.url);
const fixtures = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

describe('saved fuzz failures', () => {
  it('has fixtures to replay', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it.each(fixtures)('%s', async (file) => {
    const spec = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as CaseSpec;
    expect(await checkCase(spec, { permutation: true, rotation: true })).toEqual([]);
  });
});
