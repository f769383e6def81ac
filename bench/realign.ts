/**
 * Realignment benchmark: how many accounts a change moves, beside the fewest that any plan inside the band
 * could move (an exact MIP on HiGHS, without the contiguity our plans keep, so a lower bound).
 *
 *   npx tsx bench/realign.ts            # 2,000 x 20 on uniform, clustered and ZIP geography
 *   npx tsx bench/realign.ts --n 600    # smaller
 *
 * Per instance: design a plan (seed 1), then (a) remove each of three reps, (b) add one rep without a home,
 * (c) rebalance the plan unchanged. "ratio" is accounts moved over the removed rep's accounts (remove) or
 * over the accounts the new rep got (add), the figures issue 4 sets at <= 1.5. Writes
 * bench/results/<date>-realign.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { addRep, designTerritories, rebalance, removeRep } from '../src/index.js';
import type { Alignment, Realigned } from '../src/index.js';
import type { TerritoryInput } from '../src/types.js';
import { clusteredInstance, uniformInstance, zipInstance } from '../test/support/instances.js';
import { loadHighsSolve } from './exact.js';

type Solve = NonNullable<Awaited<ReturnType<typeof loadHighsSolve>>>;

const BALANCE = ['potential', 'workload'];
const TOLERANCE = 0.05;
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

/** Unit vector of a point in degrees. */
function unit(lat: number, lon: number): [number, number, number] {
  const p = (lat * Math.PI) / 180;
  const l = (lon * Math.PI) / 180;
  return [Math.cos(p) * Math.cos(l), Math.cos(p) * Math.sin(l), Math.sin(p)];
}

/**
 * The fewest accounts any plan inside the band moves, by HiGHS: binary x_ij over each account's 6 nearest
 * centres of today's territories (plus its current rep), one rep per account, every rep inside +-5% of its
 * capacity share on every measure, minimise the accounts not with their current rep. Written out here from
 * the definitions, not the engine's code. Null when HiGHS is missing or proves nothing in 60 s.
 */
function fewestMoves(solve: Solve | null, input: TerritoryInput, owner: Map<string, string>): number | null {
  if (!solve) return null;
  const reps = input.reps.map((r) => r.id);
  const capacity = input.reps.map((r) => r.capacity ?? 1);
  const capTotal = capacity.reduce((s, c) => s + c, 0);
  const centre = new Map<string, [number, number, number]>();
  for (const r of reps) {
    const s = [0, 0, 0];
    for (const a of input.accounts) {
      if (owner.get(a.id) !== r) continue;
      const v = unit(a.lat, a.lon);
      for (let d = 0; d < 3; d++) s[d] += v[d];
    }
    const len = Math.hypot(s[0], s[1], s[2]);
    if (len > 0) centre.set(r, [s[0] / len, s[1] / len, s[2] / len]);
  }
  for (const r of input.reps) if (r.home) centre.set(r.id, unit(r.home.lat, r.home.lon));
  const rows: string[] = [];
  const objective: string[] = [];
  const binaries: string[] = [];
  const candidates = input.accounts.map((a) => {
    const v = unit(a.lat, a.lon);
    const near = reps
      .filter((r) => centre.has(r))
      .map((r) => {
        const c = centre.get(r)!;
        return { r, d: (v[0] - c[0]) ** 2 + (v[1] - c[1]) ** 2 + (v[2] - c[2]) ** 2 };
      })
      .sort((x, y) => x.d - y.d)
      .slice(0, MIP_CANDIDATES)
      .map((x) => x.r);
    // A rep with no centre yet (a new one without a home) may take any account.
    for (const r of reps) if (!centre.has(r)) near.push(r);
    const cur = owner.get(a.id);
    if (cur !== undefined && reps.includes(cur) && !near.includes(cur)) near.push(cur);
    return near;
  });
  input.accounts.forEach((a, i) => {
    rows.push(` a${i}: ${candidates[i].map((r) => `x${i}_${r}`).join(' + ')} = 1`);
    for (const r of candidates[i]) {
      binaries.push(`x${i}_${r}`);
      if (r !== owner.get(a.id)) objective.push(`x${i}_${r}`);
    }
  });
  BALANCE.forEach((measure, b) => {
    const value = (a: TerritoryInput['accounts'][number]) => (measure === 'potential' ? a.potential : (a.workload ?? 1));
    const total = input.accounts.reduce((s, a) => s + value(a), 0);
    reps.forEach((r, j) => {
      const target = (total * capacity[j]) / capTotal;
      const terms: string[] = [];
      input.accounts.forEach((a, i) => {
        if (candidates[i].includes(r) && value(a) > 0) terms.push(`${(value(a) / target).toFixed(12)} x${i}_${r}`);
      });
      if (terms.length === 0) return;
      rows.push(` lo${b}_${j}: ${terms.join(' + ')} >= ${1 - TOLERANCE}`);
      rows.push(` hi${b}_${j}: ${terms.join(' + ')} <= ${1 + TOLERANCE}`);
    });
  });
  const text = `Minimize\n obj: ${objective.length > 0 ? objective.join(' + ') : '0 x0_' + candidates[0][0]}\nSubject To\n${rows.join('\n')}\nBinary\n ${binaries.join('\n ')}\nEnd`;
  const result = solve(text, { output_flag: false, time_limit: 60, mip_rel_gap: 1e-6 });
  return result.Status === 'Optimal' ? Math.round(result.ObjectiveValue) : null;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const n = Number(args[args.indexOf('--n') + 1] || 2000) || 2000;
  const k = 20;
  const solve = await loadHighsSolve();
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
        fewest: fewestMoves(solve, result.input, owner),
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
    record('add rep', Math.round(performance.now() - t), added, added.plan.assignments.filter((a) => a.repId === 'new').length);
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
