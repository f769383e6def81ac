/**
 * Benchmark: this library against turf `clustersKmeans` and a greedy balanced baseline on seeded instances.
 * Usage: `npx tsx bench/run.ts [--sizes smoke|default|full] [--repeat N]`.
 * Every contender is scored by `evaluateTerritories` (hulls on); only the contender's own run is timed.
 * Writes `bench/results/<YYYY-MM-DD>.json` (full: `<YYYY-MM-DD>-full.json`); smoke writes to os.tmpdir().
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { clustersKmeans } from '@turf/turf';
import { designTerritories, evaluateTerritories } from '../src/index.js';
import type { Assignment, PlanMetrics, TerritoryInput } from '../src/types.js';
import { clusteredInstance, ctdpInstance, uniformInstance, zipInstance } from '../test/support/instances.js';
import { greedyBalanced, kmeansPlusPlusCentres } from './greedy.js';

export type Sizes = 'smoke' | 'default' | 'full';
export type Contender = 'territory-design' | 'turf-kmeans' | 'greedy';
export const CONTENDERS: readonly Contender[] = ['territory-design', 'turf-kmeans', 'greedy'];
export const TOLERANCE = 0.05;
export const SEED = 1;

/** One benchmark instance: a name, a lazy builder and the measures to balance. */
export interface BenchInstance {
  name: string;
  n: number;
  k: number;
  balance: string[];
  build: () => TerritoryInput;
}

/** One result row: one contender on one instance. */
export interface Row {
  instance: string;
  n: number;
  k: number;
  contender: Contender;
  /** Min wall-clock ms over the repeats (the contender's own run; scoring not included). */
  wallMs: number;
  /** Peak RSS of the whole process so far, MB (max of samples taken after each run). */
  peakRssMb: number;
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
  /** Baselines only: their worst max deviation over ours (null for ours, or when ours is 0). */
  deviationRatio: number | null;
  /** Baselines only: their wall time over ours (null for ours). */
  timeRatio: number | null;
}

const BAL = ['potential', 'workload'];
const CTDP_BAL = ['customers', 'demand', 'workload'];

/** The instances of one size class (fixed seeds). */
export function benchInstances(sizes: Sizes): BenchInstance[] {
  if (sizes === 'smoke') {
    return [{ name: 'uniform 300x5', n: 300, k: 5, balance: BAL, build: () => uniformInstance({ n: 300, k: 5, seed: 11 }) }];
  }
  const geo: [number, number][] = [
    [1000, 10],
    [10_000, 50],
  ];
  if (sizes === 'full') geo.push([100_000, 200]);
  const out: BenchInstance[] = [];
  for (const [n, k] of geo) {
    const label = `${n.toLocaleString('en-US')}x${k}`;
    out.push({ name: `uniform ${label}`, n, k, balance: BAL, build: () => uniformInstance({ n, k, seed: 11 }) });
    out.push({ name: `clustered ${label}`, n, k, balance: BAL, build: () => clusteredInstance({ n, k, seed: 12 }) });
    // ZIP centroids: the lower 48 hold ~41k ZIPs, so 100,000 draws from every US ZIP is impossible; cap at what exists.
    if (n <= 40_000) out.push({ name: `zip ${label}`, n, k, balance: BAL, build: () => zipInstance({ n, k, seed: 13 }) });
  }
  for (const n of [500, 1000]) {
    out.push({ name: `ctdp ${n}/p10`, n, k: 10, balance: CTDP_BAL, build: () => ctdpInstance({ n, p: 10, seed: 14 }) });
  }
  return out;
}

/** turf k-means on the account points; cluster i goes to rep i. Returns the assignments and the centroids. */
function turfKmeans(input: TerritoryInput): { assignments: Assignment[]; centroids: ({ lat: number; lon: number } | null)[] } {
  const k = input.reps.length;
  const fc = {
    type: 'FeatureCollection' as const,
    features: input.accounts.map((a) => ({
      type: 'Feature' as const,
      properties: {},
      geometry: { type: 'Point' as const, coordinates: [a.lon, a.lat] },
    })),
  };
  const out = clustersKmeans(fc, { numberOfClusters: k, mutate: true });
  const centroids: ({ lat: number; lon: number } | null)[] = Array.from({ length: k }, () => null);
  const assignments = out.features.map((f, i) => {
    const c = f.properties.cluster ?? 0;
    const cen = f.properties.centroid;
    if (cen && !centroids[c]) centroids[c] = { lat: cen[1], lon: cen[0] };
    return { accountId: input.accounts[i].id, repId: input.reps[c].id };
  });
  return { assignments, centroids };
}

async function runContender(contender: Contender, input: TerritoryInput, balance: string[]): Promise<Assignment[]> {
  if (contender === 'territory-design') {
    const plan = await designTerritories(input, { balance, tolerance: TOLERANCE, seed: SEED });
    return plan.assignments;
  }
  if (contender === 'turf-kmeans') return turfKmeans(input).assignments;
  return greedyBalanced(input, kmeansPlusPlusCentres(input, input.reps.length, SEED));
}

let peakRss = 0;
function sampleRss(): number {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return peakRss / (1024 * 1024);
}

function metricRow(inst: BenchInstance, contender: Contender, wallMs: number, rssMb: number, m: PlanMetrics): Row {
  const maxDeviation: Record<string, number> = {};
  const inBandShare: Record<string, number> = {};
  for (const b of m.balance) {
    maxDeviation[b.measure] = b.maxDeviation;
    inBandShare[b.measure] = b.inBandShare;
  }
  return {
    instance: inst.name,
    n: inst.n,
    k: inst.k,
    contender,
    wallMs,
    peakRssMb: rssMb,
    maxDeviation,
    inBandShare,
    minInBandShare: Math.min(...Object.values(inBandShare)),
    feasible: m.feasible,
    meanDistanceKm: m.compactness.meanDistanceKm,
    maxDiameterKm: m.compactness.maxDiameterKm,
    overlapAreaRatio: m.overlap.areaRatio,
    contiguousShare: m.overlap.contiguousShare,
    deviationRatio: null,
    timeRatio: null,
  };
}

const worst = (r: Row): number => Math.max(...Object.values(r.maxDeviation));

/** Runs the benchmark, prints the table and writes the JSON into `outDir`. */
export async function runBench(sizes: Sizes, outDir: string, opts: { repeat?: number; log?: (line: string) => void } = {}): Promise<Row[]> {
  const repeat = Math.max(1, Math.floor(opts.repeat ?? 1));
  const log = opts.log ?? ((line: string) => console.log(line));
  const rows: Row[] = [];
  for (const inst of benchInstances(sizes)) {
    const input = inst.build();
    const instRows: Row[] = [];
    for (const contender of CONTENDERS) {
      let best = Infinity;
      let assignments: Assignment[] = [];
      let rssMb = 0;
      for (let r = 0; r < repeat; r++) {
        const t0 = performance.now();
        assignments = await runContender(contender, input, inst.balance);
        best = Math.min(best, performance.now() - t0);
        rssMb = sampleRss();
      }
      const { metrics } = await evaluateTerritories(input, assignments, { balance: inst.balance, tolerance: TOLERANCE, hulls: true });
      instRows.push(metricRow(inst, contender, best, rssMb, metrics));
    }
    const ours = instRows[0];
    for (const r of instRows.slice(1)) {
      r.deviationRatio = worst(ours) > 0 ? worst(r) / worst(ours) : null;
      r.timeRatio = ours.wallMs > 0 ? r.wallMs / ours.wallMs : null;
    }
    rows.push(...instRows);
    if (sizes !== 'smoke') log(`# done ${inst.name}`);
  }
  log(formatTable(rows));

  const date = new Date().toISOString().slice(0, 10);
  const file = path.join(outDir, `${date}${sizes === 'default' ? '' : `-${sizes}`}.json`);
  mkdirSync(outDir, { recursive: true });
  const cpus = os.cpus();
  const report = {
    date: new Date().toISOString(),
    sizes,
    repeat,
    tolerance: TOLERANCE,
    seed: SEED,
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model ?? 'unknown',
    cpuCount: cpus.length,
    rows,
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote ${file}`);
  return rows;
}

const pad = (s: string, w: number): string => (s.length >= w ? s : s + ' '.repeat(w - s.length));
const lpad = (s: string, w: number): string => (s.length >= w ? s : ' '.repeat(w - s.length) + s);
const ratio = (x: number | null): string => (x === null ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(2));

/** The rows as a fixed-width text table. */
export function formatTable(rows: readonly Row[]): string {
  const cols: [string, number, boolean][] = [
    ['instance', 19, false],
    ['contender', 16, false],
    ['ms', 9, true],
    ['rss MB', 7, true],
    ['max dev (per measure)', 23, false],
    ['in band', 7, true],
    ['mean km', 8, true],
    ['overlap', 7, true],
    ['contig', 6, true],
    ['diam km', 8, true],
    ['dev x', 6, true],
    ['time x', 6, true],
  ];
  const line = (cells: string[]): string => cells.map((c, i) => (cols[i][2] ? lpad(c, cols[i][1]) : pad(c, cols[i][1]))).join('  ').trimEnd();
  const out = [line(cols.map((c) => c[0])), line(cols.map((c) => '-'.repeat(c[1])))];
  let last = '';
  for (const r of rows) {
    if (last && r.instance !== last) out.push('');
    last = r.instance;
    out.push(
      line([
        r.instance,
        r.contender,
        r.wallMs.toFixed(0),
        r.peakRssMb.toFixed(0),
        Object.values(r.maxDeviation).map((d) => d.toFixed(3)).join('/'),
        r.minInBandShare.toFixed(2),
        r.meanDistanceKm.toFixed(1),
        r.overlapAreaRatio.toFixed(3),
        r.contiguousShare.toFixed(2),
        r.maxDiameterKm.toFixed(0),
        ratio(r.deviationRatio),
        ratio(r.timeRatio),
      ]),
    );
  }
  return out.join('\n');
}

function parseArgs(argv: readonly string[]): { sizes: Sizes; repeat: number } {
  let sizes: Sizes = 'default';
  let repeat = 1;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.includes('=') ? a.split('=', 2) : [a, undefined];
    const value = (): string => inline ?? argv[++i] ?? '';
    if (flag === '--sizes') {
      const v = value();
      if (v !== 'smoke' && v !== 'default' && v !== 'full') throw new Error(`--sizes must be smoke, default or full; got '${v}'`);
      sizes = v;
    } else if (flag === '--repeat') {
      repeat = Number(value());
      if (!Number.isInteger(repeat) || repeat < 1) throw new Error('--repeat must be an integer >= 1');
    } else {
      throw new Error(`unknown flag '${a}' (flags: --sizes smoke|default|full, --repeat N)`);
    }
  }
  return { sizes, repeat };
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const { sizes, repeat } = parseArgs(process.argv.slice(2));
  const here = path.dirname(fileURLToPath(import.meta.url));
  const outDir = sizes === 'smoke' ? os.tmpdir() : path.join(here, 'results');
  runBench(sizes, outDir, { repeat }).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
