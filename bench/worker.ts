/**
 * Child-process side of the benchmark. One process runs one job: it builds its instance from the spec
 * (seeded, so the parent can rebuild the same one), runs the contender, and writes `<out>.json` (timings and
 * peak RSS) and, for plans the parent scores, `<out>.bin` (rep index per account as an Int32Array, input
 * order). A fresh process per job makes `process.resourceUsage().maxRSS` that contender's own peak.
 * Started as `node --import tsx bench/worker.ts <job.json>` by `runJob`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { designTerritories } from '../src/index.js';
import type { Assignment, TerritoryInput } from '../src/types.js';
import { maxDiameterUnits } from './ctdp-diameter.js';
import { runContender, SEED, TOLERANCE, type Contender } from './contenders.js';
import { loadHighsSolve, solveExact, type ExactResult } from './exact.js';
import { buildInstance, type InstanceSpec } from './instances.js';

/** What a child is asked to do. `out` is a path prefix for its result files. */
export type Job =
  | { kind: 'contender'; spec: InstanceSpec; contender: Exclude<Contender, 'exact'>; repeat: number; prewarm?: boolean; out: string }
  | { kind: 'exact'; spec: InstanceSpec; oursFile: string; timeLimitS: number; out: string }
  | { kind: 'ctdp'; spec: InstanceSpec; repeat: number; prewarm?: boolean; out: string };

/** `prewarm` runs on the instance drawn from the job's seed plus this. */
export const PREWARM_SEED_OFFSET = 1000;

/** Figures every job reports. */
export interface JobReport {
  /** Min wall-clock ms of the contender's own run over the repeats (instance building not included). */
  wallMs: number;
  /** With `prewarm`: ms of the contender's untimed run on a sibling instance (another seed) before the timed ones. */
  prewarmMs?: number;
  /** Peak resident set of the child over its whole life (`resourceUsage().maxRSS`), KB. */
  peakRssKb: number;
  /** Peak resident set once the instance was built, before the contender ran, KB. */
  buildRssKb: number;
  /** True when `<out>.bin` holds a plan. */
  hasPlan: boolean;
  /** Anything the parent should print beside the row. */
  note?: string;
  /** exact jobs: the MIP figures (the assignment, if any, is in `<out>.bin`). */
  exact?: Omit<ExactResult, 'assign'>;
  /** ctdp jobs: figures taken from our plan. */
  ctdp?: { feasible: boolean; maxDeviation: Record<string, number>; contiguousShare: number; maxDiameterUnits: number; maxDiameterKm: number };
}

/** Rep index per account, input order. O(n). */
export function toIndices(input: TerritoryInput, assignments: readonly Assignment[]): Int32Array {
  const repIndex = new Map<string, number>();
  input.reps.forEach((r, j) => repIndex.set(r.id, j));
  const accIndex = new Map<string, number>();
  input.accounts.forEach((a, i) => accIndex.set(a.id, i));
  const out = new Int32Array(input.accounts.length).fill(-1);
  for (const { accountId, repId } of assignments) out[accIndex.get(accountId)!] = repIndex.get(repId)!;
  return out;
}

const writeBin = (file: string, assign: Int32Array): void => writeFileSync(file, new Uint8Array(assign.buffer, assign.byteOffset, assign.byteLength));

/** Reads a plan written by `writeBin`. */
export function readBin(file: string): Int32Array {
  const buf = readFileSync(file);
  return new Int32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
}

async function timed<T>(repeat: number, run: () => Promise<T> | T): Promise<{ value: T; ms: number }> {
  let ms = Infinity;
  let value: T | undefined;
  for (let r = 0; r < Math.max(1, repeat); r++) {
    const t0 = performance.now();
    value = await run();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { value: value as T, ms };
}

/**
 * The contender's untimed run, for `prewarm`, on an instance of the same family and size drawn from another
 * seed: what a long-running app has done before the call timed next (its code compiled by the JIT, HiGHS
 * loaded), without having seen this instance.
 * @returns its wall time, ms
 */
async function prewarmOn(spec: InstanceSpec, contender: Exclude<Contender, 'exact'>): Promise<number> {
  const input = buildInstance({ ...spec, seed: spec.seed + PREWARM_SEED_OFFSET });
  const t0 = performance.now();
  await runContender(contender, input, spec.balance);
  return performance.now() - t0;
}

/** Runs one job in this process and writes its files. */
export async function runJobHere(job: Job): Promise<JobReport> {
  const input = buildInstance(job.spec);
  const buildRssKb = process.resourceUsage().maxRSS;
  const prewarmMs = job.kind !== 'exact' && job.prewarm ? await prewarmOn(job.spec, job.kind === 'ctdp' ? 'territory-design' : job.contender) : undefined;
  let report: JobReport;
  if (job.kind === 'contender') {
    const { value, ms } = await timed(job.repeat, () => runContender(job.contender, input, job.spec.balance));
    writeBin(`${job.out}.bin`, toIndices(input, value));
    report = { wallMs: ms, peakRssKb: 0, buildRssKb, hasPlan: true };
  } else if (job.kind === 'exact') {
    const solve = await loadHighsSolve();
    if (!solve) {
      report = { wallMs: NaN, peakRssKb: 0, buildRssKb, hasPlan: false, note: "optional package 'highs' not installed: exact optimum skipped" };
    } else {
      const ours = readBin(job.oursFile);
      const { value, ms } = await timed(1, () => solveExact(solve, input, job.spec.balance, TOLERANCE, ours, job.timeLimitS));
      const { assign, ...exact } = value;
      if (assign) writeBin(`${job.out}.bin`, assign);
      report = { wallMs: ms, peakRssKb: 0, buildRssKb, hasPlan: assign !== null, exact, note: exact.statuses.join(', ') };
    }
  } else {
    const { value: plan, ms } = await timed(job.repeat, () => designTerritories(input, { balance: job.spec.balance, tolerance: TOLERANCE, seed: SEED }));
    const maxDeviation: Record<string, number> = {};
    for (const b of plan.metrics.balance) maxDeviation[b.measure] = b.maxDeviation;
    report = {
      wallMs: ms,
      peakRssKb: 0,
      buildRssKb,
      hasPlan: false,
      ctdp: {
        feasible: plan.metrics.feasible,
        maxDeviation,
        contiguousShare: plan.metrics.overlap.contiguousShare,
        maxDiameterUnits: maxDiameterUnits(input, plan.assignments),
        maxDiameterKm: plan.metrics.compactness.maxDiameterKm,
      },
    };
  }
  if (prewarmMs !== undefined) report.prewarmMs = prewarmMs;
  report.peakRssKb = process.resourceUsage().maxRSS;
  writeFileSync(`${job.out}.json`, JSON.stringify(report));
  return report;
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const job = JSON.parse(readFileSync(process.argv[2], 'utf8')) as Job;
  // Exit explicitly: a stray timer or worker thread must not keep the child (and the parent's wait) alive.
  runJobHere(job).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
