import type { RegionRunner, RegionTask } from './solve-by-regions.js';
import type { Solved, SolveSettings } from './solve-problem.js';
import Delaunator from 'delaunator';
import type { Triangulation, Triangulator } from '../geo/delaunay-graph.js';

/** What the parent sends a region worker: a task and the settings that can cross a thread boundary. */
export interface RegionRequest {
  task: RegionTask;
  settings: Omit<SolveSettings, 'solve' | 'checkpoint'>;
}

/** What a region worker sends back: how far it is, then the solved region or the error that stopped it. */
export type RegionReply =
  | { region: number; solved: Solved; error?: undefined; fraction?: undefined }
  | { region: number; error: string; solved?: undefined; fraction?: undefined }
  | { region: number; fraction: number; solved?: undefined; error?: undefined };

/** What the triangulation worker sends back. */
export type TriangulateReply = { triangulation: Triangulation; error?: undefined } | { error: string; triangulation?: undefined };

/** The part of `node:worker_threads` used here. */
interface WorkerLike<Reply = RegionReply> {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (reply: Reply) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  terminate(): Promise<number>;
}

/** How often, at least, the parent reports progress (and notices an abort) while the workers run. */
const TICK_MS = 200;

/** One job on worker threads, as `workerJob` hands it to its body. */
interface WorkerJob<T, Reply> {
  /** Whether the job has ended (`finish` was called). */
  readonly finished: boolean;
  /** Starts a worker that `finish` will terminate. */
  spawn(): WorkerLike<Reply>;
  /** Reports progress now; a report that throws (an abort) finishes the job with that error. */
  tick(): void;
  /** Ends the job, once: the timer cleared, every worker terminated, the promise resolved with `result`
   *  (error undefined) or rejected with `error`. Later calls do nothing. */
  finish(error: unknown, result?: T): void;
}

/**
 * The frame shared by the region runner and the triangulator: a promise settled once by `job.finish`, and
 * `report` called every TICK_MS while the job runs (and on `job.tick()`), a throw from it finishing the job.
 * `body` starts the work (its workers through `job.spawn`).
 */
function workerJob<T, Reply>(found: WorkerScript, report: () => void, body: (job: WorkerJob<T, Reply>) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const workers: WorkerLike<Reply>[] = [];
    const job: WorkerJob<T, Reply> & { finished: boolean } = {
      finished: false,
      spawn() {
        const w = new found.Worker(found.source, { eval: found.evaluate }) as WorkerLike<Reply>;
        workers.push(w);
        return w;
      },
      tick() {
        if (job.finished) return;
        try {
          report();
        } catch (error) {
          job.finish(error);
        }
      },
      finish(error, result) {
        if (job.finished) return;
        job.finished = true;
        clearInterval(timer);
        for (const w of workers) void w.terminate();
        if (error === undefined) resolve(result as T);
        else reject(error);
      },
    };
    const timer = setInterval(() => job.tick(), TICK_MS);
    body(job);
  });
}

/**
 * A `RegionRunner` on Node worker threads: up to `threads` workers, each taking the next region when it is
 * done with one, so a slow region does not hold the others up. The parent reports progress every 200 ms and
 * on every finished region through `settings.checkpoint`; if that throws (an abort), every worker is
 * terminated and the error is passed on. Returns null where worker threads or the worker script are not
 * available (the browser, a bundle without the worker file), so the caller can run in-process instead.
 * Each region is solved by the same `solveRegion` as in-process, so the plan is the same either way.
 * @example const run = await workerRunner(2); run ? await run(tasks.length, (r) => tasks[r], settings) : null
 */
export async function workerRunner(threads: number): Promise<RegionRunner | null> {
  const found = await workerScript('region-worker');
  if (!found) return null;
  return (count, task, settings) => {
    const results: Solved[] = new Array(count);
    let next = 0;
    let done = 0;
    const { solve: _solve, checkpoint, ...portable } = settings;
    // Share done of each region under way, as its worker last said.
    const partial = new Map<number, number>();
    const report = () => {
      let under = 0;
      for (const f of partial.values()) under += f;
      checkpoint?.((done + under) / count);
    };
    return workerJob<Solved[], RegionReply>(found, report, (job) => {
      if (count === 0) return job.finish(undefined, results);
      // One task is built ahead, while the workers solve, so that a worker that finishes gets the next at once.
      // A builder that throws stops the run (workers terminated, timer cleared) with its error.
      let ahead: RegionTask | null = null;
      const build = (): RegionTask | null => {
        if (job.finished || next >= count) return null;
        try {
          return task(next++);
        } catch (error) {
          job.finish(error);
          return null;
        }
      };
      const feed = (w: WorkerLike) => {
        const current = ahead ?? build();
        ahead = null;
        if (!current || job.finished) return;
        const request: RegionRequest = { task: current, settings: portable };
        w.postMessage(request);
      };
      const buildAhead = () => {
        if (!ahead) ahead = build();
      };
      const pool = Math.max(1, Math.min(threads, count));
      for (let t = 0; t < pool && !job.finished; t++) {
        const w = job.spawn();
        w.on('message', (reply) => {
          if (reply.fraction !== undefined) {
            if (!job.finished) partial.set(reply.region, Math.min(1, Math.max(0, reply.fraction)));
            return job.tick();
          }
          if (reply.error !== undefined) return job.finish(new Error(`region ${reply.region} failed in a worker: ${reply.error}`));
          partial.delete(reply.region);
          results[reply.region] = reply.solved;
          done++;
          job.tick();
          if (done === count) job.finish(undefined, results);
          else {
            feed(w);
            buildAhead();
          }
        });
        w.on('error', (error) => job.finish(error));
        feed(w);
      }
      buildAhead();
    });
  };
}

/**
 * A `Triangulator` on a worker thread (`triangulate-worker`), for `delaunayGraphAsync`: the worker runs
 * delaunator on a copy of the points while this thread calls `checkpoint` at once and then every TICK_MS with
 * the share of the expected time gone (about 1 ms per 1,000 points, never past 0.85, where the reading of
 * the triangles takes over), so progress goes on and an abort lands within a tick: if `checkpoint` throws, the
 * worker is terminated and the error passed on. A worker that fails or exits without an answer is replaced by
 * delaunator in this thread (the same triangulation). One worker per call, ended when it answers. Null where
 * worker threads are not available (the caller triangulates in this thread instead; the graph is the same).
 * @example const triangulate = await workerTriangulator(); triangulate ? await delaunayGraphAsync(xyz, n, undefined, triangulate) : delaunayGraph(xyz, n)
 */
export async function workerTriangulator(checkpoint?: (fraction: number) => void): Promise<Triangulator | null> {
  const found = await workerScript('triangulate-worker');
  if (!found) return null;
  return (coords) => {
    const started = Date.now();
    const expectedMs = Math.max(1, coords.length / 2 / 1000);
    const report = () => checkpoint?.(Math.min(0.85, (Date.now() - started) / expectedMs));
    return workerJob<Triangulation, TriangulateReply>(found, report, (job) => {
      // Reported before the worker exists, so an abort already signalled stops here.
      job.tick();
      if (job.finished) return;
      const worker = job.spawn();
      // A worker that breaks (it could not load, ran out of memory) costs only the time: delaunator here.
      const inThisThread = () => {
        if (job.finished) return;
        try {
          job.finish(undefined, new Delaunator(coords));
        } catch (error) {
          job.finish(error);
        }
      };
      worker.on('message', (reply) => (reply.triangulation ? job.finish(undefined, reply.triangulation) : inThisThread()));
      worker.on('error', inThisThread);
      worker.on('exit', inThisThread);
      worker.postMessage(coords);
    });
  };
}

/** A worker constructor and the script (or bootstrap source) to start it with. */
interface WorkerScript {
  Worker: new (source: string | URL, options: { eval: boolean }) => unknown;
  source: string | URL;
  evaluate: boolean;
}

/**
 * The worker constructor and a worker script beside this module: `<name>.js` / `.cjs` in the build,
 * `<name>.ts` from source (then run through tsx's loader, as the tests and benchmark do: a devDependency).
 */
async function workerScript(name: 'region-worker' | 'triangulate-worker'): Promise<WorkerScript | null> {
  try {
    // Specifiers in variables, so that a browser bundler does not try to resolve Node's modules.
    const threadsModule = 'node:worker_threads';
    const fsModule = 'node:fs';
    const { Worker, isMainThread } = (await import(/* @vite-ignore */ threadsModule)) as typeof import('node:worker_threads');
    const { existsSync } = (await import(/* @vite-ignore */ fsModule)) as typeof import('node:fs');
    if (!isMainThread) return null;
    const here = import.meta.url;
    const ext = here.endsWith('.ts') ? '.ts' : here.endsWith('.cjs') ? '.cjs' : '.js';
    const url = new URL(`./${name}${ext}`, here);
    if (url.protocol !== 'file:' || !existsSync(url)) return null;
    if (ext !== '.ts') return { Worker, source: url, evaluate: false };
    // From source: a two-line bootstrap registers tsx's loader in the worker, then loads the TypeScript worker.
    return { Worker, source: `import('tsx/esm/api').then((tsx) => tsx.register()).then(() => import(${JSON.stringify(url.href)}))`, evaluate: true };
  } catch {
    return null;
  }
}

/** Cores this process may use (1 where that cannot be known, e.g. the browser). */
export async function availableThreads(): Promise<number> {
  try {
    const osModule = 'node:os';
    const os = (await import(/* @vite-ignore */ osModule)) as typeof import('node:os');
    return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  } catch {
    return 1;
  }
}
