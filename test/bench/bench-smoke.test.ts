import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENDERS, runBench, type Row } from '../../bench/run.js';

describe('bench smoke (runBench("smoke", tmp))', () => {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'territory-bench-'));
  let rows: Row[] = [];
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('runs every contender, scores finite metrics, keeps ours in band and writes the JSON', async () => {
    rows = await runBench('smoke', outDir, { log: () => {} });

    expect([...new Set(rows.map((r) => r.contender))].sort()).toEqual([...CONTENDERS].sort());
    for (const r of rows) {
      const numbers = [
        r.wallMs,
        r.peakRssMb,
        r.minInBandShare,
        r.meanDistanceKm,
        r.maxDiameterKm,
        r.overlapAreaRatio,
        r.contiguousShare,
        ...Object.values(r.maxDeviation),
        ...Object.values(r.inBandShare),
      ];
      expect(Object.keys(r.maxDeviation).sort()).toEqual(['potential', 'workload']);
      expect(numbers.every((x) => Number.isFinite(x))).toBe(true);
    }

    const ours = rows.filter((r) => r.contender === 'territory-design');
    expect(ours.length).toBeGreaterThan(0);
    for (const r of ours) {
      expect(Math.max(...Object.values(r.maxDeviation))).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(r.feasible).toBe(true);
    }

    const files = readdirSync(outDir).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    const report = JSON.parse(readFileSync(path.join(outDir, files[0]), 'utf8')) as {
      node: string;
      cpuCount: number;
      rows: Row[];
    };
    expect(report.node).toBe(process.version);
    expect(report.cpuCount).toBeGreaterThan(0);
    expect(report.rows).toHaveLength(rows.length);
  });
});
