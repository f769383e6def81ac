/**
 * Every case `npm run fuzz` (or the property test) ever failed on, saved in `fixtures/` under a name that
 * says what went wrong, replayed with every check. Each was fixed; this keeps it fixed. The fixed cases in
 * `fixtures-slow/` take 27-123 s each, minutes together, so `npm test` leaves them to
 * `npm run fuzz:slow-fixtures` (which sets SLOW_FIXTURES=1 and replays both folders, each case given
 * `SLOW_CASE_MS`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CaseSpec } from './cases.js';
import { checkCase } from './check-case.js';

const slow = Boolean(process.env.SLOW_FIXTURES);
const folders = slow ? ['./fixtures/', './fixtures-slow/'] : ['./fixtures/'];
/** Time per case when the slow fixtures run: globe-5000x200 (three designs and an evaluation) took 116 s here. */
const SLOW_CASE_MS = 600_000;
const fixtures = folders.flatMap((folder) => {
  const dir = new URL(folder, import.meta.url);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => new URL(f, dir));
});

describe('saved fuzz failures', () => {
  it('has fixtures to replay', () => {
    expect(fixtures.length).toBeGreaterThan(0);
  });

  it.each(fixtures.map((url) => [url.pathname.split('/').slice(-2).join('/'), url] as const))('%s', async (_name, url) => {
    const spec = JSON.parse(readFileSync(url, 'utf8')) as CaseSpec;
    expect(await checkCase(spec, { permutation: true, rotation: true })).toEqual([]);
  }, slow ? SLOW_CASE_MS : undefined);
});
