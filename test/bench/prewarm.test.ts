import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runBench, type BenchReport } from '../../bench/run.js';
import { readBin, runJobHere } from '../../bench/worker.js';
import { benchInstances } from '../../bench/instances.js';

describe('bench --prewarm', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'territory-prewarm-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const spec = benchInstances('smoke')[0];

  it('runs the contender once on a sibling instance before the timed run, and the plan is the same', async () => {
    const cold = await runJobHere({ kind: 'contender', spec, contender: 'greedy', repeat: 1, out: path.join(dir, 'cold') });
    const warm = await runJobHere({ kind: 'contender', spec, contender: 'greedy', repeat: 1, prewarm: true, out: path.join(dir, 'warm') });
    expect(cold.prewarmMs).toBeUndefined();
    expect(warm.prewarmMs).toBeGreaterThan(0);
    expect(Number.isFinite(warm.prewarmMs)).toBe(true);
    expect(Array.from(readBin(path.join(dir, 'warm.bin')))).toEqual(Array.from(readBin(path.join(dir, 'cold.bin'))));
  });

  it('says so in the JSON and its name, so a prewarmed run never overwrites a cold one', async () => {
    const out = path.join(dir, 'bench');
    const report = await runBench('smoke', out, { prewarm: true, contenders: ['territory-design'], log: () => {} });
    expect(report.prewarm).toBe(true);
    expect(report.notes.some((n) => n.startsWith('--prewarm'))).toBe(true);
    const files = readdirSync(out);
    expect(files).toEqual([path.basename(report.file)]);
    expect(files[0]).toMatch(/-smoke-partial-prewarm\.json$/);
    const json = JSON.parse(readFileSync(report.file, 'utf8')) as BenchReport;
    expect(json.prewarm).toBe(true);
    expect(json.rows.map((r) => r.contender)).toEqual(['territory-design']);
  });
});
