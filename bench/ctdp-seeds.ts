/**
 * CTDP over many instances: the published figures are means over instances (of each instance's best max
 * diameter), so one seeded instance per size (the CTDP table of `bench/run.ts`) can land far from them either
 * way. This runs the three published sizes on instance seeds 1..N and prints, per size, the mean and the worst
 * max diameter beside the published mean, how many plans are in band on all three activities and entirely
 * contiguous, and the mean time.
 *
 *   npx tsx bench/ctdp-seeds.ts              # seeds 1..14
 *   npx tsx bench/ctdp-seeds.ts --seeds 5    # fewer
 *
 * In this process, one instance after another (the first run pays the JIT and HiGHS's load). Writes
 * bench/results/<date>-ctdp-seeds.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { designTerritories } from '../src/index.js';
import { ctdpInstance } from '../test/support/instances.js';
import { maxDiameterUnits } from './ctdp-diameter.js';
import { CTDP_BALANCE } from './instances.js';
import { PUBLISHED_MAX_DIAMETER } from './run.js';

const TOLERANCE = 0.05;
const SEED = 1;

interface Row {
  n: number;
  p: number;
  published: number;
  /** Per instance (seed 1, 2, ...). */
  diameters: number[];
  contiguousShares: number[];
  meanDiameter: number;
  worstDiameter: number;
  ratioToPublished: number;
  inBand: number;
  contiguous: number;
  meanMs: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--seeds');
  const count = at >= 0 ? Math.floor(Number(args[at + 1])) : 14;
  if (!(count >= 1)) throw new Error(`--seeds: expected a whole number of instances, at least 1, got ${args[at + 1]}`);
  const rows: Row[] = [];
  for (const [key, published] of Object.entries(PUBLISHED_MAX_DIAMETER)) {
    const [n, p] = key.split('/').map(Number);
    const diameters: number[] = [];
    const contiguousShares: number[] = [];
    let inBand = 0;
    let contiguous = 0;
    let ms = 0;
    for (let seed = 1; seed <= count; seed++) {
      const input = ctdpInstance({ n, p, seed });
      const started = performance.now();
      const plan = await designTerritories(input, { balance: CTDP_BALANCE, tolerance: TOLERANCE, seed: SEED });
      ms += performance.now() - started;
      diameters.push(maxDiameterUnits(input, plan.assignments));
      if (plan.metrics.feasible) inBand++;
      contiguousShares.push(plan.metrics.overlap.contiguousShare);
      if (plan.metrics.overlap.contiguousShare === 1) contiguous++;
    }
    const meanDiameter = diameters.reduce((s, d) => s + d, 0) / count;
    const row = { n, p, published, diameters, contiguousShares, meanDiameter, worstDiameter: Math.max(...diameters), ratioToPublished: meanDiameter / published, inBand, contiguous, meanMs: ms / count };
    rows.push(row);
    console.log(
      [`CTDP ${n.toLocaleString('en-US')}/p${p}`.padEnd(18), `${count} instances`, `mean max diameter ${meanDiameter.toFixed(1)}`, `(published ${published}: ${row.ratioToPublished.toFixed(3)}x)`,
        `worst ${row.worstDiameter.toFixed(1)}`, `in band ${inBand}/${count}`, `all contiguous ${contiguous}/${count}`, `mean ${Math.round(row.meanMs)} ms`].join('  '),
    );
  }
  const date = new Date().toISOString().slice(0, 10);
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/${date}-ctdp-seeds.json`;
  writeFileSync(file, JSON.stringify({ command: `npx tsx bench/ctdp-seeds.ts ${args.join(' ')}`.trim(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, rows }, null, 2));
  console.log(`wrote ${file}`);
}

await main();
