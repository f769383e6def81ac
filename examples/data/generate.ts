/**
 * Writes the bundled example data (run once; the JSON is committed, so `npm run example` needs no set-up):
 *
 *   npx tsx examples/data/generate.ts
 *
 * - `us-accounts.json`: 2,000 accounts at real US ZIP centroids (npm `zipcodes`, contiguous states and DC,
 *   one ZIP per distinct centroid), drawn uniformly without replacement with a fixed seed. The package has
 *   no population, but ZIPs are denser where people are, so the sample follows settlement. Potential is
 *   lognormal (mu 10, sigma 1: median ~22,000, a long tail of big accounts), rounded to an integer;
 *   workload is 1-8 visits.
 * - `us-reps.json`: 20 reps `R-01..R-20`; R-01..R-08 live in eight big metros (their home is that
 *   ZIP's centroid); R-12 works half time (capacity 0.5) and R-15 carries 1.5 times a full book.
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Account, Rep } from '../../src/types.js';
import { mulberry32 } from '../../src/util/random.js';

const SEED = 20_240_601;
const ACCOUNTS = 2000;
const OUTSIDE_LOWER48 = new Set(['AK', 'HI', 'PR', 'VI', 'GU', 'AS', 'PW', 'FM', 'MH', 'MP', 'AA', 'AE', 'AP']);
const METRO_HOMES: readonly [string, string][] = [
  ['10001', 'New York'],
  ['90012', 'Los Angeles'],
  ['60601', 'Chicago'],
  ['77002', 'Houston'],
  ['85004', 'Phoenix'],
  ['19103', 'Philadelphia'],
  ['30303', 'Atlanta'],
  ['98101', 'Seattle'],
];
const CAPACITY: Record<string, number> = { 'R-12': 0.5, 'R-15': 1.5 };

interface ZipRecord {
  zip: string;
  latitude: number;
  longitude: number;
  state: string;
  country: string;
}

const round4 = (x: number): number => Math.round(x * 1e4) / 1e4;

function main(): void {
  const codes = (createRequire(import.meta.url)('zipcodes') as { codes: Record<string, ZipRecord> }).codes;
  // Sorted by ZIP so the sample never depends on the package's key order; one ZIP per centroid.
  const seen = new Set<string>();
  const zips = Object.values(codes)
    .filter((r) => r.country === 'US' && !OUTSIDE_LOWER48.has(r.state))
    .sort((a, b) => (a.zip < b.zip ? -1 : a.zip > b.zip ? 1 : 0))
    .filter((r) => {
      const key = `${round4(r.latitude)},${round4(r.longitude)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });

  const rand = mulberry32(SEED);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  // Partial Fisher-Yates: the first ACCOUNTS entries become a uniform sample without replacement.
  const accounts: Account[] = [];
  for (let i = 0; i < ACCOUNTS; i++) {
    const pick = i + Math.floor(rand() * (zips.length - i));
    [zips[i], zips[pick]] = [zips[pick], zips[i]];
    const r = zips[i];
    accounts.push({
      id: `A-${r.zip}`,
      lat: round4(r.latitude),
      lon: round4(r.longitude),
      potential: Math.round(Math.exp(10 + normal())),
      workload: 1 + Math.floor(rand() * 8),
    });
  }

  const reps: Rep[] = Array.from({ length: 20 }, (_, j) => {
    const id = `R-${String(j + 1).padStart(2, '0')}`;
    const rep: Rep = { id, capacity: CAPACITY[id] ?? 1 };
    const metro = METRO_HOMES[j];
    if (metro) {
      const r = codes[metro[0]];
      if (!r) throw new Error(`ZIP ${metro[0]} (${metro[1]}) is missing from the zipcodes package`);
      rep.home = { lat: round4(r.latitude), lon: round4(r.longitude) };
    }
    return rep;
  });

  // One record per line: small diffs, still plain JSON.
  const lines = (items: readonly object[]): string => `[\n${items.map((x) => JSON.stringify(x)).join(',\n')}\n]\n`;
  const dir = fileURLToPath(new URL('.', import.meta.url));
  writeFileSync(`${dir}us-accounts.json`, lines(accounts));
  writeFileSync(`${dir}us-reps.json`, lines(reps));
  const total = accounts.reduce((s, a) => s + a.potential, 0);
  console.log(`wrote ${accounts.length} accounts (potential ${total.toLocaleString('en-US')}) and ${reps.length} reps to ${dir}`);
}

main();
