/**
 * The spreadsheet route: the bundled data as accounts.csv and reps.csv, then the CLI, as an analyst would run
 *   territory-design design --accounts accounts.csv --reps reps.csv --balance potential,workload \
 *     --out plan.geojson --csv assignments.csv --territories territories.csv --report report.html
 * writing everything to examples/out/. (`runCli` is the CLI's own entry, run here in-process.)
 *   npx tsx examples/csv-cli.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/cli/main.js';
import type { Account, Rep } from '../src/types.js';

const accounts = JSON.parse(readFileSync(new URL('./data/us-accounts.json', import.meta.url), 'utf8')) as Account[];
const reps = JSON.parse(readFileSync(new URL('./data/us-reps.json', import.meta.url), 'utf8')) as Rep[];
const dir = fileURLToPath(new URL('./out/', import.meta.url));
mkdirSync(dir, { recursive: true });
writeFileSync(`${dir}accounts.csv`, ['id,lat,lon,potential,workload', ...accounts.map((a) => [a.id, a.lat, a.lon, a.potential, a.workload ?? 1].join(','))].join('\n') + '\n');
writeFileSync(`${dir}reps.csv`, ['id,capacity,homeLat,homeLon', ...reps.map((r) => [r.id, r.capacity ?? '', r.home?.lat ?? '', r.home?.lon ?? ''].join(','))].join('\n') + '\n');

const args = ['design', '--accounts', `${dir}accounts.csv`, '--reps', `${dir}reps.csv`, '--balance', 'potential,workload', '--out', `${dir}plan.geojson`, '--csv', `${dir}assignments.csv`, '--territories', `${dir}territories.csv`, '--report', `${dir}report.html`, '--quiet'];
const code = await runCli(args, { stdout: (t) => process.stdout.write(t), stderr: (t) => process.stderr.write(t) });
console.log(`exit code ${code}; wrote examples/out/plan.geojson, assignments.csv, territories.csv, report.html`);
process.exitCode = code;
