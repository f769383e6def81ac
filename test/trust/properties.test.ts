/**
 * The trust suite's quick property test (issue 6): generated cases (1 to 400 accounts here, up to 5,000 in
 * `npm run fuzz`; 1 to 200 reps; random capacities, locks, incumbents, measures with zeros and heavy tails,
 * eight geographies) each designed and checked by `checkCase`: P1 invariants, finite metrics, totals as
 * recomputed, `evaluateTerritories` agreeing with the plan, an out-of-band plan explained, and the same
 * figures after shuffling the accounts or turning the Earth. Seeded, so a failure is reproducible: fast-check
 * prints the shrunk spec, which `npm run fuzz -- --replay '<spec>'` reruns and saves as a fixture.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { caseSpec } from './cases.js';
import { checkCase } from './check-case.js';

/** Cases per run: enough to cover every geography and measure shape a few times in about a minute. */
const RUNS = 24;

describe('designTerritories(generated cases)', () => {
  it(`holds every invariant, agrees with evaluateTerritories and ignores input order and rotation (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(caseSpec(400), async (spec) => {
        expect(await checkCase(spec, { permutation: true, rotation: true })).toEqual([]);
      }),
      { numRuns: RUNS, seed: 20261129, endOnFailure: true },
    );
  });
});
