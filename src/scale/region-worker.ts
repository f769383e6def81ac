/**
 * The worker-thread side of `runInWorkers`: solves each region task it is sent with `solveRegion` and posts
 * back the assignment (its buffer transferred, not copied). Any error is posted back as a message, never
 * thrown across the thread boundary, so the caller can report it.
 */
import { parentPort } from 'node:worker_threads';
import { solveRegion } from './solve-region.js';
import { lpSolverByName } from './lp-solvers.js';
import type { RegionReply, RegionRequest } from './run-in-workers.js';

parentPort?.on('message', (request: RegionRequest) => {
  void (async () => {
    try {
      const solve = await lpSolverByName(request.settings.solver, request.settings.lpBudget);
      // Progress inside the region goes back to the parent (at most every 100 ms), which reports it.
      let last = 0;
      const checkpoint = (fraction: number) => {
        const now = Date.now();
        if (now - last < 100) return;
        last = now;
        const progress: RegionReply = { region: request.task.region, fraction };
        parentPort!.postMessage(progress);
      };
      const solved = solveRegion(request.task, { ...request.settings, solve, checkpoint });
      const reply: RegionReply = { region: request.task.region, solved };
      parentPort!.postMessage(reply, [solved.assign.buffer as ArrayBuffer]);
    } catch (error) {
      const reply: RegionReply = { region: request.task.region, error: error instanceof Error ? error.stack ?? error.message : String(error) };
      parentPort!.postMessage(reply);
    }
  })();
});
