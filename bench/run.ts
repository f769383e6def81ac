/**
 * Benchmark: this library against turf `clustersKmeans`, a greedy balanced baseline and (n <= 1,000) the
 * exact allocation optimum from HiGHS, on seeded instances; then the CTDP table (our library alone).
 * Usage: `npx tsx bench/run.ts [--sizes smoke|default|full] [--only <substring>] [--contenders a,b]
 *   [--ctdp-only] [--repeat N] [--prewarm] [--timeout S] [--out DIR]`.
 * Every contender runs in its own child process (`worker.ts`), which builds the instance from its seed, so
 * its peak RSS is its own. The parent then rebuilds the instance once and scores every plan with
 * `evaluateTerritories` (hulls on); only the contender's own run is timed.
 * Writes `bench/results/<YYYY-MM-DD>[-full|-smoke][-ctdp|-partial][-prewarm].json`; smoke writes to os.tmpdir().
 */
import { highsInstalled } from '../test/support/highs-installed.js';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { evaluateTerritories } from '../src/index.js';
import type { PlanMetrics } from '../src/types.js';
import { ALL_CONTENDERS, CONTENDERS, EXACT_MAX_N, SEED, TOLERANCE, type Contender } from './contenders.js';
import { EXACT_CANDIDATES, EXACT_MIP_REL_GAP, EXACT_TIME_LIMIT_S } from './exact.js';
import { formatCtdpTable, formatTable, scalingLines } from './format.js';
import { benchInstances, buildInstance, ctdpInstances, type Family, type InstanceSpec, type Sizes } from './instances.js';
import { runJob, type JobOutcome } from './run-job.js';
import { PREWARM_SEED_OFFSET, readBin, type JobReport } from './worker.js';

export { CONTENDERS, TOLERANCE, SEED, type Contender, type Sizes };

/** How a contender's run ended. Rows that are not `ok` hold NaN (null in the JSON) in every figure. */
export type RowStatus = 'ok' | 'failed' | 'timeout';

/** One result row: one contender on one instance. */
export interface Row {
  instance: string;
  family: Family;
  n: number;
  k: number;
  contender: Contender;
  status: RowStatus;
  /** Solver statuses, skips, errors. */
  note: string | null;
  /** Min wall-clock ms over the repeats of the contender's own run (building and scoring not included). */
  wallMs: number;
  /** Peak RSS of the contender's child process, MB (its instance included; see `buildRssMb`). */
  peakRssMb: number;
  /** Peak RSS of that child once the instance was built, before the contender ran, MB. */
  buildRssMb: number;
  /** Max |deviation| per balanced measure. */
  maxDeviation: Record<string, number>;
  /** Share of territories in band per balanced measure. */
  inBandShare: Record<string, number>;
  /** Smallest in-band share over the measures. */
  minInBandShare: number;
  feasible: boolean;
  meanDistanceKm: number;
  maxDiameterKm: number;
  overlapAreaRatio: number;
  contiguousShare: number;
  /** Our objective as `evaluateTerritories` reports it (weighted squared chord, unit sphere). */
  objective: number;
  /** Baselines only: their worst max deviation over ours (null for ours, or when ours is 0). */
  deviationRatio: number | null;
  /** Baselines only: their wall time over ours (null for ours). */
  timeRatio: number | null;
  /** Exact rows only: 100 x (our objective - the bound) / the bound; null elsewhere. */
  gapPct: number | null;
  /** Exact rows only: the same gap measured against the best integer solution HiGHS found (a lower bound on
   *  the true gap when the MIP stopped at its time limit); null elsewhere. */
  gapToIncumbentPct: number | null;
  /** What `gapPct` is measured against: the proven MIP optimum, or the LP relaxation when the MIP hit its limit. */
  gapBound: 'mip-optimal' | 'lp-bound' | null;
  /** Milliseconds the parent spent scoring this plan with `evaluateTerritories` (hulls on). */
  scoreMs: number;
}

/** One row of the CTDP table (our library only). */
export interface CtdpRow {
  instance: string;
  n: number;
  p: number;
  status: RowStatus;
  note: string | null;
  /** Every territory inside +-5% on customers, demand and workload. */
  inBand: boolean;
  maxDeviation: Record<string, number>;
  /** The plan's `metrics.overlap.contiguousShare` (connected in the Delaunay graph of the units). */
  contiguousShare: number;
  /** Largest Euclidean distance between two units of one territory, CTDP units ([0, 1000]^2 square). */
  maxDiameterUnits: number;
  /** The same on the sphere, as our metrics report it. */
  maxDiameterKm: number;
  wallMs: number;
  peakRssMb: number;
  /** Mean best max diameter of the published heuristics (30-minute runs), where one is published. */
  publishedMaxDiameter: number | null;
  ratioToPublished: number | null;
}

/**
 * Published max diameters (CTDP units) for the instance shapes we share with the literature: mean over the
 * instances of each shape of the best max diameter found in 30-minute runs (Rios-Mercado & Fernandez 2009
 * shape n = 1,000, p = 10; the large sets of Gliesch, Ritt & Moreira 2018 for n = 10,000). At n = 10,000,
 * p = 160 the published heuristics found a plan inside the band in almost no runs.
 */
export const PUBLISHED_MAX_DIAMETER: Readonly<Record<string, number>> = { '1000/10': 402, '10000/100': 135, '10000/160': 127 };

/** What `runBench` was asked to do. */
export interface BenchOptions {
  repeat?: number;
  /** Before its timed runs, each child runs its contender once, untimed, on an instance of the same family
   *  and size from another seed (what a long-running app has done before: its code compiled, HiGHS loaded),
   *  so the times leave out start-up but not the instance's own work. */
  prewarm?: boolean;
  /** Run only instances whose name contains this (main and CTDP tables alike). */
  only?: string;
  /** Main-table contenders to run (ours is needed for the ratios and the exact gap). Default all. */
  contenders?: readonly Contender[];
  /** Run only the CTDP table. */
  ctdpOnly?: boolean;
  /** Kill a child that runs longer than this, seconds. Default 1800. */
  timeoutS?: number;
  /** HiGHS time limit per solve of the exact contender, seconds. Default 60 (4 for smoke). */
  exactTimeLimitS?: number;
  /** The command line, recorded in the JSON. */
  command?: string;
  log?: (line: string) => void;
}

/** Everything one run produced, as written to the JSON. */
export interface BenchReport {
  date: string;
  command: string;
  sizes: Sizes;
  only: string | null;
  contenders: Contender[];
  repeat: number;
  prewarm: boolean;
  tolerance: number;
  seed: number;
  node: string;
  machine: { platform: string; cpuModel: string; cores: number; totalMemoryGb: number };
  exact: { candidates: number; timeLimitS: number; mipRelGap: number; maxAccounts: number; highs: boolean };
  rows: Row[];
  ctdp: CtdpRow[];
  scaling: string[];
  notes: string[];
  file: string;
}

const MB = 1024;

export { highsInstalled };

function metricFields(m: PlanMetrics): Pick<
  Row,
  'maxDeviation' | 'inBandShare' | 'minInBandShare' | 'feasible' | 'meanDistanceKm' | 'maxDiameterKm' | 'overlapAreaRatio' | 'contiguousShare' | 'objective'
> {
  const maxDeviation: Record<string, number> = {};
  const inBandShare: Record<string, number> = {};
  for (const b of m.balance) {
    maxDeviation[b.measure] = b.maxDeviation;
    inBandShare[b.measure] = b.inBandShare;
  }
  return {
    maxDeviation,
    inBandShare,
    minInBandShare: Math.min(...Object.values(inBandShare)),
    feasible: m.feasible,
    meanDistanceKm: m.compactness.meanDistanceKm,
    maxDiameterKm: m.compactness.maxDiameterKm,
    overlapAreaRatio: m.overlap.areaRatio,
    contiguousShare: m.overlap.contiguousShare,
    objective: m.compactness.objective,
  };
}

function emptyRow(spec: InstanceSpec, contender: Contender, status: RowStatus, note: string | null, report?: JobReport): Row {
  return {
    instance: spec.name,
    family: spec.family,
    n: spec.n,
    k: spec.k,
    contender,
    status,
    note,
    wallMs: report?.wallMs ?? NaN,
    peakRssMb: report ? report.peakRssKb / MB : NaN,
    buildRssMb: report ? report.buildRssKb / MB : NaN,
    maxDeviation: {},
    inBandShare: {},
    minInBandShare: NaN,
    feasible: false,
    meanDistanceKm: NaN,
    maxDiameterKm: NaN,
    overlapAreaRatio: NaN,
    contiguousShare: NaN,
    objective: NaN,
    deviationRatio: null,
    timeRatio: null,
    gapPct: null,
    gapToIncumbentPct: null,
    gapBound: null,
    scoreMs: NaN,
  };
}

const worst = (r: Row): number => Math.max(...Object.values(r.maxDeviation));

/** Runs the contenders of one instance in child processes, then scores their plans here, one at a time. */
async function benchInstance(
  spec: InstanceSpec,
  contenders: readonly Contender[],
  dir: string,
  limits: { repeat: number; prewarm: boolean; timeoutMs: number; exactTimeLimitS: number },
  notes: string[],
): Promise<Row[]> {
  const { repeat, prewarm, timeoutMs, exactTimeLimitS } = limits;
  const slug = spec.name.replace(/[^a-z0-9]+/gi, '-');
  const outcomes: { contender: Contender; out: string; outcome: JobOutcome }[] = [];
  const oursOut = path.join(dir, `${slug}-territory-design`);
  for (const contender of contenders) {
    const out = path.join(dir, `${slug}-${contender}`);
    if (contender === 'exact') {
      if (spec.n > EXACT_MAX_N) continue;
      const ours = outcomes.find((o) => o.contender === 'territory-design');
      if (!ours || ours.outcome.status !== 'ok') {
        notes.push(`${spec.name}: exact skipped (it needs our plan, which did not run)`);
        continue;
      }
      const outcome = await runJob({ kind: 'exact', spec, oursFile: `${oursOut}.bin`, timeLimitS: exactTimeLimitS, out }, 2 * exactTimeLimitS * 1000 + 120_000);
      if (outcome.status === 'ok' && !outcome.report.hasPlan && !outcome.report.exact) {
        notes.push(`${spec.name}: exact skipped (${outcome.report.note ?? 'no plan'})`);
        continue;
      }
      outcomes.push({ contender, out, outcome });
      continue;
    }
    outcomes.push({ contender, out, outcome: await runJob({ kind: 'contender', spec, contender, repeat, prewarm, out }, timeoutMs) });
  }

  // One copy of the instance in the parent, built after the children are done and dropped on return.
  const input = buildInstance(spec);
  const rows: Row[] = [];
  for (const { contender, out, outcome } of outcomes) {
    if (outcome.status !== 'ok') {
      rows.push(emptyRow(spec, contender, outcome.status, outcome.message));
      continue;
    }
    const { report } = outcome;
    if (!report.hasPlan) {
      rows.push(emptyRow(spec, contender, 'failed', `${report.note ?? ''} (no integer solution)`.trim(), report));
      continue;
    }
    const assign = readBin(`${out}.bin`);
    const assignments = input.accounts.map((a, i) => ({ accountId: a.id, repId: input.reps[assign[i]].id }));
    const t0 = performance.now();
    const { metrics } = await evaluateTerritories(input, assignments, { balance: spec.balance, tolerance: TOLERANCE, hulls: true });
    const scoreMs = performance.now() - t0;
    const row: Row = { ...emptyRow(spec, contender, 'ok', report.note ?? null, report), ...metricFields(metrics), scoreMs };
    if (report.exact) {
      row.gapPct = report.exact.gapPct;
      row.gapBound = report.exact.bound;
      row.gapToIncumbentPct = report.exact.incumbentGapPct;
    }
    rows.push(row);
  }
  const ours = rows.find((r) => r.contender === 'territory-design' && r.status === 'ok');
  if (ours) {
    const exact = rows.find((r) => r.contender === 'exact');
    // The exact job recomputes our objective independently; it must agree with the engine's own metric.
    if (exact?.gapPct !== null && exact !== undefined) {
      const mine = outcomes.find((o) => o.contender === 'exact')!.outcome;
      const recomputed = mine.status === 'ok' ? mine.report.exact?.oursObjective : undefined;
      if (recomputed !== undefined && Math.abs(recomputed - ours.objective) > 1e-6 * Math.max(1, ours.objective)) {
        notes.push(`${spec.name}: our objective recomputed by the exact job (${recomputed}) differs from evaluateTerritories (${ours.objective})`);
      }
    }
    for (const r of rows) {
      if (r === ours || r.status !== 'ok') continue;
      r.deviationRatio = worst(ours) > 0 ? worst(r) / worst(ours) : null;
      r.timeRatio = ours.wallMs > 0 ? r.wallMs / ours.wallMs : null;
    }
  }
  for (const o of outcomes) for (const ext of ['.bin', '.json', '.job.json']) rmSync(`${o.out}${ext}`, { force: true });
  return rows;
}

async function benchCtdp(spec: InstanceSpec, dir: string, limits: { repeat: number; prewarm: boolean; timeoutMs: number }): Promise<CtdpRow> {
  const { repeat, prewarm, timeoutMs } = limits;
  const out = path.join(dir, spec.name.replace(/[^a-z0-9]+/gi, '-'));
  const outcome = await runJob({ kind: 'ctdp', spec, repeat, prewarm, out }, timeoutMs);
  for (const ext of ['.json', '.job.json']) rmSync(`${out}${ext}`, { force: true });
  const published = PUBLISHED_MAX_DIAMETER[`${spec.n}/${spec.k}`] ?? null;
  const base = { instance: spec.name, n: spec.n, p: spec.k, publishedMaxDiameter: published };
  if (outcome.status !== 'ok' || !outcome.report.ctdp) {
    const note = outcome.status === 'ok' ? 'no CTDP figures' : outcome.message;
    return { ...base, status: outcome.status === 'ok' ? 'failed' : outcome.status, note, inBand: false, maxDeviation: {}, contiguousShare: NaN, maxDiameterUnits: NaN, maxDiameterKm: NaN, wallMs: NaN, peakRssMb: NaN, ratioToPublished: null };
  }
  const { report } = outcome;
  const c = report.ctdp!;
  return {
    ...base,
    status: 'ok',
    note: null,
    inBand: c.feasible,
    maxDeviation: c.maxDeviation,
    contiguousShare: c.contiguousShare,
    maxDiameterUnits: c.maxDiameterUnits,
    maxDiameterKm: c.maxDiameterKm,
    wallMs: report.wallMs,
    peakRssMb: report.peakRssKb / MB,
    ratioToPublished: published === null ? null : c.maxDiameterUnits / published,
  };
}

/** Runs the benchmark, prints the tables and writes the JSON into `outDir`. */
export async function runBench(sizes: Sizes, outDir: string, opts: BenchOptions = {}): Promise<BenchReport> {
  const repeat = Math.max(1, Math.floor(opts.repeat ?? 1));
  const prewarm = opts.prewarm ?? false;
  const log = opts.log ?? ((line: string) => console.log(line));
  const contenders = ALL_CONTENDERS.filter((c) => (opts.contenders ?? CONTENDERS).includes(c));
  const timeoutMs = (opts.timeoutS ?? 1800) * 1000;
  const exactTimeLimitS = opts.exactTimeLimitS ?? (sizes === 'smoke' ? 4 : EXACT_TIME_LIMIT_S);
  const match = (s: InstanceSpec): boolean => opts.only === undefined || s.name.includes(opts.only);
  const main = opts.ctdpOnly ? [] : benchInstances(sizes).filter(match);
  const ctdpSpecs = ctdpInstances(sizes).filter(match);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'territory-bench-jobs-'));
  const notes: string[] = [];
  const rows: Row[] = [];
  const ctdp: CtdpRow[] = [];
  try {
    for (const spec of main) {
      rows.push(...(await benchInstance(spec, contenders, dir, { repeat, prewarm, timeoutMs, exactTimeLimitS }, notes)));
      if (sizes !== 'smoke') log(`# done ${spec.name}`);
    }
    for (const spec of ctdpSpecs) {
      ctdp.push(await benchCtdp(spec, dir, { repeat, prewarm, timeoutMs }));
      if (sizes !== 'smoke') log(`# done ${spec.name}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const scaling = scalingLines(rows);
  if (prewarm) notes.push(`--prewarm: each child ran its contender once, untimed, on the same family and size drawn from seed + ${PREWARM_SEED_OFFSET}, before the timed runs`);

  if (rows.length > 0) log(formatTable(rows));
  if (ctdp.length > 0) log(`\nCTDP (Rios-Mercado & Fernandez 2009 generator; diameters in units of the [0, 1000]^2 square)\n${formatCtdpTable(ctdp)}`);
  if (scaling.length > 0) log(`\nscaling (territory-design)\n${scaling.join('\n')}`);
  for (const note of notes) log(`note: ${note}`);

  const date = new Date().toISOString().slice(0, 10);
  const partial = opts.ctdpOnly ? '-ctdp' : opts.only !== undefined || opts.contenders !== undefined ? '-partial' : '';
  // A prewarmed run never overwrites a cold one.
  const file = path.join(outDir, `${date}${sizes === 'default' ? '' : `-${sizes}`}${partial}${prewarm ? '-prewarm' : ''}.json`);
  mkdirSync(outDir, { recursive: true });
  const cpus = os.cpus();
  const report: BenchReport = {
    date: new Date().toISOString(),
    command: opts.command ?? `runBench(${JSON.stringify(sizes)})`,
    sizes,
    only: opts.only ?? null,
    contenders: [...contenders],
    repeat,
    prewarm,
    tolerance: TOLERANCE,
    seed: SEED,
    node: process.version,
    machine: {
      platform: `${os.platform()} ${os.release()} ${os.arch()}`,
      cpuModel: cpus[0]?.model ?? 'unknown',
      cores: cpus.length,
      totalMemoryGb: os.totalmem() / 1024 ** 3,
    },
    exact: { candidates: EXACT_CANDIDATES, timeLimitS: exactTimeLimitS, mipRelGap: EXACT_MIP_REL_GAP, maxAccounts: EXACT_MAX_N, highs: highsInstalled() },
    rows,
    ctdp,
    scaling,
    notes,
    file,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote ${file}`);
  return report;
}

interface Args {
  sizes: Sizes;
  repeat: number;
  prewarm: boolean;
  only?: string;
  contenders?: Contender[];
  ctdpOnly: boolean;
  timeoutS: number;
  out?: string;
}

function parseArgs(argv: readonly string[]): Args {
  const args: Args = { sizes: 'default', repeat: 1, prewarm: false, ctdpOnly: false, timeoutS: 1800 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    const value = (): string => inline ?? argv[++i] ?? '';
    if (flag === '--sizes') {
      const v = value();
      if (v !== 'smoke' && v !== 'default' && v !== 'full') throw new Error(`--sizes must be smoke, default or full; got '${v}'`);
      args.sizes = v;
    } else if (flag === '--repeat') {
      args.repeat = Number(value());
      if (!Number.isInteger(args.repeat) || args.repeat < 1) throw new Error('--repeat must be an integer >= 1');
    } else if (flag === '--prewarm') {
      args.prewarm = true;
    } else if (flag === '--only') {
      args.only = value();
    } else if (flag === '--contenders') {
      const list = value().split(',').map((s) => s.trim()).filter(Boolean);
      const unknown = list.filter((c) => !(ALL_CONTENDERS as readonly string[]).includes(c));
      if (unknown.length > 0) throw new Error(`--contenders: unknown '${unknown.join("', '")}' (known: ${ALL_CONTENDERS.join(', ')})`);
      args.contenders = list as Contender[];
    } else if (flag === '--ctdp-only') {
      args.ctdpOnly = true;
    } else if (flag === '--timeout') {
      args.timeoutS = Number(value());
      if (!(args.timeoutS > 0)) throw new Error('--timeout must be a number of seconds > 0');
    } else if (flag === '--out') {
      args.out = value();
    } else {
      throw new Error(`unknown flag '${a}' (flags: --sizes smoke|default|full, --only <substring>, --contenders a,b, --ctdp-only, --repeat N, --prewarm, --timeout S, --out DIR)`);
    }
  }
  return args;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const args = parseArgs(process.argv.slice(2));
  const here = path.dirname(fileURLToPath(import.meta.url));
  const outDir = args.out ?? (args.sizes === 'smoke' ? os.tmpdir() : path.join(here, 'results'));
  const command = ['tsx', 'bench/run.ts', ...process.argv.slice(2)].join(' ');
  runBench(args.sizes, outDir, { ...args, command }).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
