/**
 * `npm run fuzz`: the trust suite's property check for as long as you give it, on cases of up to 5,000
 * accounts and 200 reps. Seeded: the same seed draws the same cases.
 *
 *   npm run fuzz                              # 5 minutes, seed 1
 *   npm run fuzz -- --minutes 30 --seed 7     # longer, other cases
 *   npm run fuzz -- --replay '{"n":12,...}'   # one spec (as printed) again
 *
 * A failing case is saved as `test/trust/fixtures/<geography>-<n>x<k>-<first problem>.json`, which
 * `fixtures.test.ts` replays in `npm test` from then on; fix it, then keep it. Prints the cases run, the
 * failures and the minutes; exits 1 when any case failed.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { caseSpec, type CaseSpec } from './cases.js';
import { checkCase } from './check-case.js';

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : undefined;
}

/** A file name that says what failed: geography, size, and the first words of the first problem. */
function fixtureName(spec: CaseSpec, problem: string): string {
  const words = problem
    .toLowerCase()
    .replace(/[^a-z]+/g, ' ')
    .trim()
    .split(' ')
    .slice(0, 5)
    .join('-');
  return `${spec.geography}-${spec.n}x${spec.k}-${words || 'failure'}-${spec.seed}.json`;
}

async function main(): Promise<void> {
  const replay = argument('replay');
  if (replay) {
    const problems = await checkCase(JSON.parse(replay) as CaseSpec, { permutation: true, rotation: true });
    console.log(problems.length === 0 ? 'passes' : problems.join('\n'));
    process.exitCode = problems.length === 0 ? 0 : 1;
    return;
  }
  const minutes = Number(argument('minutes') ?? 5);
  const seed = Number(argument('seed') ?? 1);
  if (!(minutes > 0) || !Number.isInteger(seed)) throw new Error(`fuzz: expected --minutes > 0 and an integer --seed, got ${minutes} and ${seed}`);
  const fixtures = new URL('./fixtures/', import.meta.url);
  mkdirSync(fixtures, { recursive: true });
  const started = performance.now();
  const stopAt = started + minutes * 60_000;
  let cases = 0;
  let failures = 0;
  // fast-check draws the cases (the same arbitrary as the quick test, without its size cap), in batches
  // until the time is up; each batch's seed follows from the run's.
  for (let batch = 0; performance.now() < stopAt; batch++) {
    for (const spec of fc.sample(caseSpec(), { numRuns: 20, seed: seed * 100_003 + batch })) {
      if (performance.now() >= stopAt) break;
      cases++;
      const caseStarted = performance.now();
      const problems = await checkCase(spec, { permutation: true, rotation: true });
      // One line per case, so a run cut short still says how far it got.
      console.log(`case ${cases}: ${spec.n} x ${spec.k} ${spec.geography}, ${((performance.now() - caseStarted) / 1000).toFixed(1)} s, ${problems.length === 0 ? 'ok' : 'FAILED'}`);
      if (problems.length === 0) continue;
      failures++;
      const file = new URL(fixtureName(spec, problems[0]), fixtures);
      if (!existsSync(file)) writeFileSync(file, JSON.stringify(spec) + '\n');
      console.log(`FAIL ${JSON.stringify(spec)}\n  ${problems.slice(0, 5).join('\n  ')}\n  saved ${file.pathname}`);
    }
  }
  const ran = (performance.now() - started) / 60_000;
  console.log(`fuzz: ${cases} cases, ${failures} failures, ${ran.toFixed(1)} minutes (seed ${seed})`);
  process.exitCode = failures === 0 ? 0 : 1;
}

await main();
