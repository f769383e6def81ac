/**
 * `npm run bench:lp`: the evidence behind `solver: 'auto'`. Runs the engine's own solve (`solveProblem`, the
 * stage every region goes through) on seeded instances of region size and hands every LP it builds to both
 * backends, javascript-lp-solver and HiGHS, on the same model: the plan follows javascript-lp-solver's answer,
 * so both see the same sequence of LPs. Prints, per LP size class (nonzeros), how many LPs, the median and
 * total ms of each backend, the largest relative objective difference between them, and how many times each
 * found the lower objective (beyond 1e-9); writes `bench/results/<date>-lp.json`.
 *
 *   npm run bench:lp                 # the instances below
 *   npm run bench:lp -- --out /tmp   # write the JSON elsewhere
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { validateInput } from '../src/input/validate-input.js';
import { normalizeInput } from '../src/input/normalize-input.js';
import { delaunayGraph } from '../src/geo/delaunay-graph.js';
import { solveProblem } from '../src/scale/solve-problem.js';
import { solveWithJsLpSolver, type LpSolve } from '../src/rebalance/lp-adapter.js';
import { loadHighsSolver } from '../src/rebalance/highs-adapter.js';
import { median as medianOf, sum } from 'simple-statistics';
import { buildInstance, GEO_BALANCE, CTDP_BALANCE, type InstanceSpec } from './instances.js';

/** simple-statistics' median, NaN (not a throw) for no values. */
const median = (values: number[]): number => (values.length === 0 ? NaN : medianOf(values));

/** One LP as both backends solved it. */
interface LpRecord {
  instance: string;
  vars: number;
  rows: number;
  nonzeros: number;
  jsMs: number;
  highsMs: number;
  jsStatus: string;
  highsStatus: string;
  /** (js - highs) / max(1, |js|), when both are optimal: > 0 when HiGHS found the lower objective. */
  objectiveGap: number;
}

/** Region-sized problems (the regions hold at most 25 reps) on the bench geographies. */
const INSTANCES: InstanceSpec[] = [
  { name: 'uniform 1,000x10', family: 'uniform', n: 1000, k: 10, seed: 11, balance: GEO_BALANCE },
  { name: 'clustered 1,000x10', family: 'clustered', n: 1000, k: 10, seed: 12, balance: GEO_BALANCE },
  { name: 'zip 1,000x10', family: 'zip', n: 1000, k: 10, seed: 13, balance: GEO_BALANCE },
  { name: 'uniform 5,000x25', family: 'uniform', n: 5000, k: 25, seed: 11, balance: GEO_BALANCE },
  { name: 'clustered 5,000x25', family: 'clustered', n: 5000, k: 25, seed: 12, balance: GEO_BALANCE },
  { name: 'zip 5,000x25', family: 'zip', n: 5000, k: 25, seed: 13, balance: GEO_BALANCE },
  { name: 'ctdp 2,500/p25', family: 'ctdp', n: 2500, k: 25, seed: 2, balance: CTDP_BALANCE },
];

/** Size classes by nonzeros (upper bounds). */
const CLASSES = [50, 100, 200, 400, 800, 1600, 3200, 6400, Infinity];

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const outDir = args.includes('--out') ? args[args.indexOf('--out') + 1] : path.join(path.dirname(fileURLToPath(import.meta.url)), 'results');
  const highs = await loadHighsSolver();
  if (!highs) throw new Error('bench:lp needs the optional package highs (npm install highs)');
  // Warm HiGHS up once (the first solve compiles its WebAssembly further: ~40 ms), as a long run would be.
  highs({ numVars: 1, cost: Float64Array.of(1), rows: [{ vars: [0], coefs: [1], lo: 1, hi: 2 }] }, { timeLimitMs: 1000 });

  const records: LpRecord[] = [];
  for (const spec of INSTANCES) {
    const { input, options } = validateInput(buildInstance(spec), { balance: spec.balance, tolerance: 0.05, seed: 1 });
    const problem = normalizeInput(input, options);
    const graph = delaunayGraph(problem.xyz, problem.n);
    const both: LpSolve = (lp, limits) => {
      const js = solveWithJsLpSolver(lp, limits);
      const hi = highs(lp, limits);
      let nonzeros = 0;
      for (const row of lp.rows) nonzeros += row.vars.length;
      const bothOptimal = js.status === 'optimal' && hi.status === 'optimal';
      records.push({
        instance: spec.name,
        vars: lp.numVars,
        rows: lp.rows.length,
        nonzeros,
        jsMs: js.ms,
        highsMs: hi.ms,
        jsStatus: js.status,
        highsStatus: hi.status,
        objectiveGap: bothOptimal ? (js.objective - hi.objective) / Math.max(1, Math.abs(js.objective)) : NaN,
      });
      return js;
    };
    const t0 = performance.now();
    solveProblem(problem, graph, { seed: 1, candidates: options.candidates, exactLpMaxAccounts: options.exactLpMaxAccounts, contiguity: options.contiguity, deadline: Date.now() + 600_000, solve: both, solver: 'javascript-lp-solver' });
    const mine = records.filter((r) => r.instance === spec.name);
    console.log(`${spec.name.padEnd(20)} ${mine.length} LPs in ${Math.round(performance.now() - t0)} ms: javascript-lp-solver ${sum(mine.map((r) => r.jsMs))} ms, HiGHS ${sum(mine.map((r) => r.highsMs))} ms`);
  }

  const rows = CLASSES.map((upper, c) => {
    const lower = c === 0 ? 0 : CLASSES[c - 1];
    const inClass = records.filter((r) => r.nonzeros > lower && r.nonzeros <= upper);
    const gaps = inClass.map((r) => r.objectiveGap).filter((g) => Number.isFinite(g));
    return {
      nonzeros: `${lower + 1}-${Number.isFinite(upper) ? upper : ''}`,
      lps: inClass.length,
      jsMedianMs: median(inClass.map((r) => r.jsMs)),
      highsMedianMs: median(inClass.map((r) => r.highsMs)),
      jsTotalMs: sum(inClass.map((r) => r.jsMs)),
      highsTotalMs: sum(inClass.map((r) => r.highsMs)),
      highsFaster: inClass.filter((r) => r.highsMs < r.jsMs).length,
      maxObjectiveGap: gaps.length ? Math.max(...gaps.map(Math.abs)) : NaN,
      highsLower: gaps.filter((g) => g > 1e-9).length,
      jsLower: gaps.filter((g) => g < -1e-9).length,
      statusDiffers: inClass.filter((r) => r.jsStatus !== r.highsStatus).length,
    };
  }).filter((r) => r.lps > 0);

  console.log('\nnonzeros     LPs  js median  HiGHS median   js total  HiGHS total  HiGHS faster  max obj gap  lower: HiGHS/js  status differs');
  for (const r of rows) {
    console.log(
      `${r.nonzeros.padEnd(11)} ${String(r.lps).padStart(5)} ${r.jsMedianMs.toFixed(1).padStart(10)} ${r.highsMedianMs.toFixed(1).padStart(13)} ${String(r.jsTotalMs).padStart(10)} ${String(r.highsTotalMs).padStart(12)} ${`${r.highsFaster}/${r.lps}`.padStart(13)} ${r.maxObjectiveGap.toExponential(1).padStart(12)} ${`${r.highsLower}/${r.jsLower}`.padStart(16)} ${String(r.statusDiffers).padStart(15)}`,
    );
  }
  mkdirSync(outDir, { recursive: true });
  const file = path.join(outDir, `${new Date().toISOString().slice(0, 10)}-lp.json`);
  writeFileSync(file, JSON.stringify({ command: `npm run bench:lp ${args.join(' ')}`.trim(), node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length, classes: rows, records }, null, 1));
  console.log(`\nwrote ${file}`);
}


main().catch((error) => {
  console.error(error);
  process.exit(1);
});
