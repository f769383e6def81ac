/**
 * Realignment benchmark: how many accounts a change moves, beside the fewest that any plan inside the band
 * could move (an exact MIP on HiGHS, without the contiguity our plans keep, so a lower bound).
 *
 *   npx tsx bench/realign.ts            # 2,000 x 20 on uniform, clustered and ZIP geography
 *   npx tsx bench/realign.ts --n 600    # smaller
 *
 * Per instance: design a plan (seed 1), then (a) remove each of three reps, (b) add one rep without a home,
 * (c) rebalance the plan unchanged. "ratio" is accounts moved over the removed rep's accounts (remove) or
 * over the new rep's share of the accounts, n / (k + 1) (add): the figures issue 4 sets at <= 1.5. "fewest"
 * is the exact MIP's count (each account's 6 nearest centres as candidates; no contiguity), or "-" when
 * HiGHS is missing or proves nothing in 60 s. Writes
 * bench/results/<date>-realign.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { addRep, designTerritories, rebalance, removeRep } from '../src/index.js';
import type { Alignment, Realigned } from '../src/index.js';
import type { TerritoryInput } from '../src/types.js';
import { clusteredInstance, uniformInstance, zipInstance } from '../test/support/instances.js';
import { fewestMoves, loadHighs } from '../test/support/fewest-moves.js';

const BALANCE = ['potential', 'workload'];
const TOLERANCE = 0.05;
/** Candidate reps per account in the fewest-moves MIP: its nearest centres of today's territories. */
const MIP_CANDIDATES = 6;

interface Row {
  instance: string;
  change: string;
  ms: number;
  moved: number;
  base: number;
  ratio: number;
  fewest: number | null;
  feasible: boolean;
  contiguous: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const n = Number(args[args.indexOf('--n') + 1] || 2000) || 2000;
  const k = 20;
  const solve = await loadHighs();
  const instances: [string, TerritoryInput][] = [
    [`uniform ${n}x${k}`, uniformInstance({ n, k, seed: 3 })],
    [`clustered ${n}x${k}`, clusteredInstance({ n, k, seed: 3 })],
    [`zip ${n}x${k}`, zipInstance({ n, k, seed: 3 })],
  ];
  const options = { balance: BALANCE, tolerance: TOLERANCE, seed: 1, workers: 1 };
  const rows: Row[] = [];
  for (const [name, input] of instances) {
    const plan = await designTerritories(input, options);
    const today: Alignment = { input, plan };
    const owner = new Map(plan.assignments.map((a) => [a.accountId, a.repId]));
    const count = (repId: string) => plan.assignments.filter((a) => a.repId === repId).length;
    const record = (change: string, ms: number, result: Realigned, base: number) => {
      const row: Row = {
        instance: name,
        change,
        ms,
        moved: result.diff.accountsMoved,
        base,
        ratio: base > 0 ? result.diff.accountsMoved / base : 0,
        fewest: solve ? fewestMoves(solve, result.input, owner, BALANCE, TOLERANCE, { candidates: MIP_CANDIDATES }) : null,
        feasible: result.plan.metrics.feasible,
        contiguous: result.plan.metrics.overlap.contiguousShare,
      };
      rows.push(row);
      console.log(
        [row.instance.padEnd(18), row.change.padEnd(12), `${row.ms} ms`.padStart(9), `moved ${row.moved}`.padEnd(10), `base ${row.base}`.padEnd(9), `ratio ${row.ratio.toFixed(2)}`,
          `fewest ${row.fewest ?? '-'}`.padEnd(11), `fewest ratio ${row.fewest !== null && base > 0 ? (row.fewest / base).toFixed(2) : '-'}`, `in band ${row.feasible}`, `contiguous ${row.contiguous.toFixed(2)}`].join('  '),
      );
    };
    for (const repId of ['r2', 'r9', 'r15']) {
      const t = performance.now();
      const result = await removeRep(today, repId, options);
      record(`remove ${repId}`, Math.round(performance.now() - t), result, count(repId));
    }
    let t = performance.now();
    const added = await addRep(today, { id: 'new' }, options);
    // The new rep's share of the accounts, n / (k + 1), is the base the issue sets the bound on.
    record('add rep', Math.round(performance.now() - t), added, Math.round(n / (k + 1)));
    t = performance.now();
    const same = await rebalance(today, options);
    record('rebalance', Math.round(performance.now() - t), same, n);
  }
  const date = new Date().toISOString().slice(0, 10);
  mkdirSync('bench/results', { recursive: true });
  const file = `bench/results/${date}-realign.json`;
  writeFileSync(file, JSON.stringify({ command: `npx tsx bench/realign.ts ${args.join(' ')}`.trim(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, rows }, null, 2));
  console.log(`wrote ${file}`);
}

await main();
