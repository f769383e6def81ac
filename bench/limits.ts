/**
 * Limits benchmark (issue 6): how long past `timeLimitMs`, or past an `AbortSignal`'s abort, a design runs,
 * and the peak RSS of the largest run.
 *
 *   npx tsx bench/limits.ts            # uniform 10,000 x 50 and 100,000 x 200, in-process and on workers
 *   npx tsx bench/limits.ts --full     # and 1,000,000 x 2,000 (memory)
 *
 * Per instance and mode: (a) `timeLimitMs` at 20% and 60% of the unlimited run's time: "over" is wall time
 * minus the limit (the target is at most 250 ms), and the plan must be full with a `time-limit` warning;
 * (b) an abort at 20% and 60% of it: "over" is the time from the abort to the rejection. Writes
 * bench/results/<date>-limits.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { designTerritories } from '../src/index.js';
import type { DesignOptions, TerritoryInput } from '../src/types.js';
import { uniformInstance } from '../test/support/instances.js';

interface Row {
  instance: string;
  mode: string;
  kind: 'timeLimitMs' | 'abort';
  at: number;
  wallMs: number;
  overMs: number;
  full: boolean | null;
  warned: boolean | null;
}

const TARGET_MS = 250;

async function main(): Promise<void> {
  const full = process.argv.includes('--full');
  const sizes: [number, number][] = [[10_000, 50], [100_000, 200], ...(full ? ([[1_000_000, 2_000]] as [number, number][]) : [])];
  const rows: Row[] = [];
  let peakRss = 0;
  for (const [n, k] of sizes) {
    const input = uniformInstance({ n, k, seed: 7 });
    const name = `uniform ${n.toLocaleString('en-US')} x ${k}`;
    for (const workers of [1, 0]) {
      const mode = workers === 1 ? 'in-process' : 'workers';
      const options: DesignOptions = { balance: ['potential', 'workload'], seed: 1, workers };
      let t = performance.now();
      await designTerritories(input, options);
      const unlimited = performance.now() - t;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      console.log(`${name} ${mode}: unlimited ${Math.round(unlimited)} ms`);
      for (const share of [0.2, 0.6]) {
        const limit = Math.max(50, Math.round(unlimited * share));
        t = performance.now();
        const plan = await designTerritories(input, { ...options, timeLimitMs: limit });
        const wall = performance.now() - t;
        const assigned = new Set(plan.assignments.map((a) => a.accountId)).size === n && plan.assignments.every((a) => a.repId);
        rows.push({ instance: name, mode, kind: 'timeLimitMs', at: limit, wallMs: Math.round(wall), overMs: Math.round(wall - limit), full: assigned, warned: plan.warnings.some((w) => w.code === 'time-limit') });
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      }
      for (const share of [0.2, 0.6]) {
        const at = Math.max(20, Math.round(unlimited * share));
        const controller = new AbortController();
        // Measured from when the abort was due, not from when the timer ran: in this thread the timer cannot
        // run while the engine computes (nor could a user's click), so the delay until it runs is part of
        // the answer.
        const timer = setTimeout(() => controller.abort(new Error('stop')), at);
        t = performance.now();
        let rejected = false;
        try {
          await designTerritories(input, { ...options, signal: controller.signal });
        } catch {
          rejected = true;
        }
        clearTimeout(timer);
        const end = performance.now();
        rows.push({ instance: name, mode, kind: 'abort', at, wallMs: Math.round(end - t), overMs: rejected ? Math.round(end - t - at) : NaN, full: rejected ? null : true, warned: null });
      }
    }
  }
  console.log('');
  console.log('| instance | mode | limit | at ms | wall ms | over ms | full plan | time-limit warning |');
  console.log('|---|---|---|---:|---:|---:|---|---|');
  for (const r of rows) {
    const over = Number.isNaN(r.overMs) ? 'finished first' : `${r.overMs}${r.overMs > TARGET_MS ? ' (over target)' : ''}`;
    console.log(`| ${r.instance} | ${r.mode} | ${r.kind} | ${r.at} | ${r.wallMs} | ${over} | ${r.full ?? 'rejected'} | ${r.warned ?? '-'} |`);
  }
  const worst = Math.max(...rows.filter((r) => !Number.isNaN(r.overMs)).map((r) => r.overMs));
  console.log(`\nworst overshoot ${worst} ms (target ${TARGET_MS} ms); peak RSS ${(peakRss / 2 ** 30).toFixed(2)} GiB; ${cpus().length} cores, Node ${process.version}`);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const file = new URL(`./results/${new Date().toISOString().slice(0, 10)}-limits.json`, import.meta.url);
  writeFileSync(file, JSON.stringify({ node: process.version, cores: cpus().length, targetMs: TARGET_MS, worstOverMs: worst, peakRssBytes: peakRss, rows }, null, 2));
  console.log(`wrote ${file.pathname}`);
}

await main();
