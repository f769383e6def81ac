/**
 * Realignment benchmark: how many accounts a change moves, beside the fewest that a plan inside the band
 * could move (an exact MIP on HiGHS, without the contiguity our plans keep; a lower bound for plans that send
 * each account to one of its 6 nearest centres).
 *
 *   npx tsx bench/realign.ts                   # 2,000 x 20 on uniform, clustered and ZIP geography
 *   npx tsx bench/realign.ts --n 600           # smaller
 *   npx tsx bench/realign.ts --no-contiguity   # the changes with `contiguity: false` (today's plan keeps it)
 *   npx tsx bench/realign.ts --n 100000 --k 500 --families uniform --no-exact   # at scale, no HiGHS counts
 *
 * Per instance: design a plan (seed 1), then (a) remove each of three reps, (b) add one rep without a home,
 * (c) rebalance the plan unchanged. "ratio" is accounts moved over the removed rep's accounts (remove) or
 * over the new rep's share of the accounts, n / (k + 1) (add): the figures issue 4 sets at <= 1.5. "fewest"
 * is the exact MIP's count (each account's 6 nearest centres as candidates; no contiguity), or "-" when
 * HiGHS is missing or proves nothing in 60 s. "next door" (removals) is the same MIP with every account held
 * to its own rep or a territory it touches today (the removed rep's accounts: a territory around the hole),
 * the moves chains of border moves make: "none" when HiGHS proves no such plan is in band, "-" when it proves
 * nothing in 60 s. Writes bench/results/<date>-realign.json (`-realign-no-contiguity.json` with the flag).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { addRep, designTerritories, rebalance, removeRep } from '../src/index.js';
import type { Alignment, Realigned } from '../src/index.js';
import type { TerritoryInput } from '../src/types.js';
import { clusteredInstance, uniformInstance, zipInstance } from '../test/support/instances.js';
import { fewestMoves, loadHighs } from '../test/support/fewest-moves.js';
import { delaunayGraph, type NeighborGraph } from '../src/geo/delaunay-graph.js';
import { validateInput } from '../src/input/validate-input.js';
import { normalizeInput } from '../src/input/normalize-input.js';

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
  /** Removals only: the fewest moves when each account may only go to a territory it touches today. */
  nextDoor: number | null;
  /** HiGHS's status for `nextDoor`: 'Infeasible' when no plan in band is made of next-door moves alone. */
  nextDoorStatus: string | null;
  /** Removals: the territories around the removed one (touching it in the Delaunay graph). */
  around: number | null;
  feasible: boolean;
  contiguous: number;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const n = Number(flag('--n') || 2000) || 2000;
  const k = Number(flag('--k') || 20) || 20;
  // The exact counts take HiGHS up to 60 s each: off with --no-exact (at national sizes they would not end).
  const solve = args.includes('--no-exact') ? null : await loadHighs();
  const make = { uniform: uniformInstance, clustered: clusteredInstance, zip: zipInstance };
  const families = (flag('--families') ?? 'uniform,clustered,zip').split(',') as (keyof typeof make)[];
  const instances: [string, TerritoryInput][] = families.map((f) => [`${f} ${n}x${k}`, make[f]({ n, k, seed: 3 })]);
  const options = { balance: BALANCE, tolerance: TOLERANCE, seed: 1, workers: 1 };
  // The changes (not today's plan) with contiguity off: what keeping every territory in one piece costs in moves.
  const changeOptions = args.includes('--no-contiguity') ? { ...options, contiguity: false } : options;
  const rows: Row[] = [];
  for (const [name, input] of instances) {
    const plan = await designTerritories(input, options);
    const today: Alignment = { input, plan };
    const owner = new Map(plan.assignments.map((a) => [a.accountId, a.repId]));
    const graph = accountGraph(input);
    const count = (repId: string) => plan.assignments.filter((a) => a.repId === repId).length;
    const record = (change: string, ms: number, result: Realigned, base: number, removed: string | null = null) => {
      const row: Row = {
        instance: name,
        change,
        ms,
        moved: result.diff.accountsMoved,
        base,
        ratio: base > 0 ? result.diff.accountsMoved / base : 0,
        fewest: solve ? fewestMoves(solve, result.input, owner, BALANCE, TOLERANCE, { candidates: MIP_CANDIDATES }) : null,
        nextDoor: null,
        nextDoorStatus: null,
        around: null,
        feasible: result.plan.metrics.feasible,
        contiguous: result.plan.metrics.overlap.contiguousShare,
      };
      if (solve && removed) {
        const { allowed, around } = nextDoor(input, graph, owner, removed, result.input.reps.map((r) => r.id));
        row.around = around;
        row.nextDoor = fewestMoves(solve, result.input, owner, BALANCE, TOLERANCE, { allowed, status: (s) => (row.nextDoorStatus = s) });
      }
      rows.push(row);
      console.log(
        [row.instance.padEnd(18), row.change.padEnd(12), `${row.ms} ms`.padStart(9), `moved ${row.moved}`.padEnd(10), `base ${row.base}`.padEnd(9), `ratio ${row.ratio.toFixed(2)}`,
          `fewest ${row.fewest ?? '-'}`.padEnd(11), `fewest ratio ${row.fewest !== null && base > 0 ? (row.fewest / base).toFixed(2) : '-'}`,
          `next door ${row.nextDoor !== null && base > 0 ? `${row.nextDoor} (${(row.nextDoor / base).toFixed(2)})` : row.nextDoorStatus === 'Infeasible' ? 'none' : '-'}`, `around ${row.around ?? '-'}`, `in band ${row.feasible}`, `contiguous ${row.contiguous.toFixed(2)}`].join('  '),
      );
    };
    for (const repId of ['r2', 'r9', 'r15']) {
      const t = performance.now();
      const result = await removeRep(today, repId, changeOptions);
      record(`remove ${repId}`, Math.round(performance.now() - t), result, count(repId), repId);
    }
    let t = performance.now();
    const added = await addRep(today, { id: 'new' }, changeOptions);
    // The new rep's share of the accounts, n / (k + 1), is the base the issue sets the bound on.
    record('add rep', Math.round(performance.now() - t), added, Math.round(n / (k + 1)));
    t = performance.now();
    const same = await rebalance(today, changeOptions);
    record('rebalance', Math.round(performance.now() - t), same, n);
  }
  const date = new Date().toISOString().slice(0, 10);
  mkdirSync('bench/results', { recursive: true });
  const size = n === 2000 && k === 20 ? '' : `-${n}x${k}`;
  const file = `bench/results/${date}-realign${size}${changeOptions === options ? '' : '-no-contiguity'}.json`;
  writeFileSync(file, JSON.stringify({ command: `npx tsx bench/realign.ts ${args.join(' ')}`.trim(), node: process.version, cpu: cpus()[0]?.model, cores: cpus().length, rows }, null, 2));
  console.log(`wrote ${file}`);
}

/**
 * The next-door rule of the `nextDoor` column: account i may go to rep j (an index into `reps`) only when j
 * owns it today or owns one of its Delaunay neighbours today; the removed rep's accounts, to any rep owning a
 * neighbour of one of them (the territories around the hole). These are the moves chains of single border
 * moves make, so the MIP's count says what contiguity costs. It is an estimate, not a bound: a territory could
 * reach further through a corridor of accounts it takes on the way.
 */
function nextDoor(
  input: TerritoryInput,
  { offsets, neighbors }: NeighborGraph,
  owner: ReadonlyMap<string, string>,
  removed: string,
  reps: string[],
): { allowed: (i: number, j: number) => boolean; around: number } {
  const n = input.accounts.length;
  const own = input.accounts.map((a) => owner.get(a.id));
  const around = new Set<string>();
  for (let i = 0; i < n; i++) {
    if (own[i] !== removed) continue;
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const o = own[neighbors[e]];
      if (o !== undefined && o !== removed) around.add(o);
    }
  }
  const allowed = (i: number, j: number) => {
    const rep = reps[j];
    if (own[i] === removed) return around.has(rep);
    if (own[i] === rep) return true;
    for (let e = offsets[i]; e < offsets[i + 1]; e++) if (own[neighbors[e]] === rep) return true;
    return false;
  };
  return { allowed, around: around.size };
}

/** The Delaunay graph of the accounts in input order: the engine's, on the unit vectors of its own frame
 *  (`normalizeInput`; the caller's degrees would give another graph where points are co-circular). */
function accountGraph(input: TerritoryInput): NeighborGraph {
  const { input: valid, options } = validateInput(input);
  const problem = normalizeInput(valid, options);
  const xyz = new Float64Array(3 * problem.n);
  for (let i = 0; i < problem.n; i++) xyz.set(problem.xyz.subarray(3 * i, 3 * i + 3), 3 * problem.inputIndex[i]);
  return delaunayGraph(xyz, problem.n);
}

await main();
