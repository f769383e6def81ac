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
  const { Worker, source, evaluate } = found;
  return (count, task, settings) =>
    new Promise<Solved[]>((resolve, reject) => {
      const results: Solved[] = new Array(count);
      const workers: WorkerLike[] = [];
      let next = 0;
      let done = 0;
      let finished = false;
      const { solve: _solve, checkpoint, ...portable } = settings;
      const stop = (error: unknown) => {
        if (finished) return;
        finished = true;
        clearInterval(timer);
        for (const w of workers) void w.terminate();
        if (error === undefined) resolve(results);
        else reject(error);
      };
      // Share done of each region under way, as its worker last said.
      const partial = new Map<number, number>();
      const tick = () => {
        if (finished) return;
        try {
          let under = 0;
          for (const f of partial.values()) under += f;
          checkpoint?.((done + under) / count);
        } catch (error) {
          stop(error);
        }
      };
      const timer = setInterval(tick, TICK_MS);
      if (count === 0) return stop(undefined);
      // One task is built ahead, while the workers solve, so that a worker that finishes gets the next at once.
      // A builder that throws stops the run (workers terminated, timer cleared) with its error.
      let ahead: RegionTask | null = null;
      const build = (): RegionTask | null => {
        if (finished || next >= count) return null;
        try {
          return task(next++);
        } catch (error) {
          stop(error);
          return null;
        }
      };
      const feed = (w: WorkerLike) => {
        const current = ahead ?? build();
        ahead = null;
        if (!current || finished) return;
        const request: RegionRequest = { task: current, settings: portable };
        w.postMessage(request);
      };
      const buildAhead = () => {
        if (!ahead) ahead = build();
      };
      const pool = Math.max(1, Math.min(threads, count));
      for (let t = 0; t < pool && !finished; t++) {
        const w = new Worker(source, { eval: evaluate }) as WorkerLike;
        workers.push(w);
        w.on('message', (reply) => {
          if (reply.fraction !== undefined) {
            if (!finished) partial.set(reply.region, Math.min(1, Math.max(0, reply.fraction)));
            return tick();
          }
          if (reply.error !== undefined) return stop(new Error(`region ${reply.region} failed in a worker: ${reply.error}`));
          partial.delete(reply.region);
          results[reply.region] = reply.solved;
          done++;
          tick();
          if (done === count) stop(undefined);
          else {
            feed(w);
            buildAhead();
          }
        });
        w.on('error', (error) => stop(error));
        feed(w);
      }
      buildAhead();
    });
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
  const { Worker, source, evaluate } = found;
  return (coords) =>
    new Promise<Triangulation>((resolve, reject) => {
      const started = Date.now();
      const expectedMs = Math.max(1, coords.length / 2 / 1000);
      let finished = false;
      let w: WorkerLike<TriangulateReply> | undefined;
      let timer: ReturnType<typeof setInterval> | undefined;
      const tick = () => {
        try {
          checkpoint?.(Math.min(0.85, (Date.now() - started) / expectedMs));
        } catch (error) {
          stop(error);
        }
      };
      // Reported before the worker exists, so an abort already signalled stops here.
      tick();
      if (finished) return;
      const worker = (w = new Worker(source, { eval: evaluate }) as WorkerLike<TriangulateReply>);
      timer = setInterval(tick, TICK_MS);
      function stop(error: unknown, result?: Triangulation): void {
        if (finished) return;
        finished = true;
        clearInterval(timer);
        void w?.terminate();
        if (result) resolve(result);
        else reject(error);
      }
      // A worker that breaks (it could not load, ran out of memory) costs only the time: delaunator here.
      const inThisThread = () => {
        if (finished) return;
        try {
          stop(undefined, new Delaunator(coords));
        } catch (error) {
          stop(error);
        }
      };
      worker.on('message', (reply) => (reply.triangulation ? stop(undefined, reply.triangulation) : inThisThread()));
      worker.on('error', inThisThread);
      worker.on('exit', inThisThread);
      worker.postMessage(coords);
    });
}

/**
 * The worker constructor and a worker script beside this module: `<name>.js` / `.cjs` in the build,
 * `<name>.ts` from source (then run through tsx's loader, as the tests and benchmark do: a devDependency).
 */
async function workerScript(name: 'region-worker' | 'triangulate-worker'): Promise<{ Worker: new (source: string | URL, options: { eval: boolean }) => unknown; source: string | URL; evaluate: boolean } | null> {
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
