/**
 * Progress cadence benchmark (issue 3: `onProgress` at least every 250 ms of work on big inputs): the longest
 * silences between two `onProgress` reports of one run, with the stage and fraction of the report that ended
 * each, and the time before the first report (validation, which runs before there is anyone to report to).
 *
 *   npx tsx bench/progress-gaps.ts                 # ZIP geography 100,000 x 500
 *   npx tsx bench/progress-gaps.ts --full          # and 1,000,000 x 2,000
 *
 * Workers as the defaults choose (2 on this machine from 80,000 accounts). Writes
 * bench/results/<date>-progress.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { designTerritories } from '../src/index.js';
import type { Progress } from '../src/types.js';
import { buildInstance, GEO_BALANCE } from './instances.js';

const TARGET_MS = 250;

interface Gap {
  ms: number;
  endedBy: string;
}

async function main(): Promise<void> {
  const sizes: [number, number][] = [[100_000, 500], ...(process.argv.includes('--full') ? ([[1_000_000, 2_000]] as [number, number][]) : [])];
  const rows = [];
  for (const [n, k] of sizes) {
    const input = buildInstance({ name: 'progress', family: 'zip-jitter', n, k, seed: 13, balance: GEO_BALANCE });
    const gaps: Gap[] = [];
    const started = performance.now();
    let last = started;
    await designTerritories(input, {
      balance: GEO_BALANCE,
      tolerance: 0.05,
      seed: 1,
      onProgress: (p: Progress) => {
        const now = performance.now();
        gaps.push({ ms: Math.round(now - last), endedBy: `${p.stage} ${p.fraction.toFixed(3)}` });
        last = now;
      },
    });
    const wallMs = Math.round(performance.now() - started);
    const longest = [...gaps].sort((a, b) => b.ms - a.ms).slice(0, 8);
    const over = gaps.filter((g) => g.ms > TARGET_MS);
    const name = `zip ${n.toLocaleString('en-US')} x ${k.toLocaleString('en-US')}`;
    console.log(`${name}: ${wallMs} ms, ${gaps.length} reports, ${over.length} silences over ${TARGET_MS} ms (${over.reduce((s, g) => s + g.ms, 0)} ms in all)`);
    for (const g of longest) console.log(`  ${String(g.ms).padStart(6)} ms before ${g.endedBy}`);
    rows.push({ instance: name, wallMs, reports: gaps.length, overTarget: over.length, overTargetMs: over.reduce((s, g) => s + g.ms, 0), longest });
  }
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const file = new URL(`./results/${new Date().toISOString().slice(0, 10)}-progress.json`, import.meta.url);
  writeFileSync(file, JSON.stringify({ node: process.version, cores: cpus().length, targetMs: TARGET_MS, rows }, null, 2));
  console.log(`wrote ${file.pathname}`);
}

await main();
