/**
 * Parent side of the child-process protocol: runs one `Job` in a fresh `node --import tsx bench/worker.ts`
 * process, with a time limit, and reads back its report.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Job, JobReport } from './worker.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const WORKER = path.join(here, 'worker.ts');
/** The repository root: the child resolves `tsx` from here. */
const ROOT = path.resolve(here, '..');

/** How a child ended. */
export type JobOutcome = { status: 'ok'; report: JobReport } | { status: 'failed' | 'timeout'; message: string };

/** Runs `job` in a child process; kills it (and reports `timeout`) after `timeoutMs`. */
export function runJob(job: Job, timeoutMs: number): Promise<JobOutcome> {
  const jobFile = `${job.out}.job.json`;
  writeFileSync(jobFile, JSON.stringify(job));
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, jobFile], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return resolve({ status: 'timeout', message: `killed after ${Math.round(timeoutMs / 1000)} s` });
      if (code !== 0 || !existsSync(`${job.out}.json`)) {
        const last = stderr.trim().split('\n').slice(-3).join(' | ');
        return resolve({ status: 'failed', message: `exit ${code ?? signal}: ${last}` });
      }
      resolve({ status: 'ok', report: JSON.parse(readFileSync(`${job.out}.json`, 'utf8')) as JobReport });
    });
  });
}
