import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONTENDERS, highsInstalled, runBench, type BenchReport, type Row } from '../../bench/run.js';

describe('bench smoke (runBench("smoke", tmp))', () => {
  const outDir = mkdtempSync(path.join(os.tmpdir(), 'territory-bench-'));
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('runs every contender in child processes, scores finite metrics, keeps ours in band and writes the JSON', async () => {
    const lines: string[] = [];
    const report = await runBench('smoke', outDir, { log: (line) => lines.push(line) });
    const { rows } = report;
    const highs = highsInstalled();

    // Every contender ran (exact only when highs is installed) and finished.
    const expected = CONTENDERS.filter((c) => c !== 'exact' || highs);
    expect([...new Set(rows.map((r) => r.contender))].sort()).toEqual([...expected].sort());
    expect(rows.every((r) => r.status === 'ok')).toBe(true);
    for (const r of rows) {
      const numbers = [
        r.wallMs,
        r.peakRssMb,
        r.buildRssMb,
        r.minInBandShare,
        r.meanDistanceKm,
        r.maxDiameterKm,
        r.overlapAreaRatio,
        r.contiguousShare,
        r.objective,
        r.scoreMs,
        ...Object.values(r.maxDeviation),
        ...Object.values(r.inBandShare),
      ];
      expect(Object.keys(r.maxDeviation).sort()).toEqual(['potential', 'workload']);
      expect(numbers.every((x) => Number.isFinite(x))).toBe(true);
      // Peak RSS is the child's own: at least what it held once the instance was built.
      expect(r.peakRssMb).toBeGreaterThanOrEqual(r.buildRssMb);
      expect(r.peakRssMb).toBeGreaterThan(10);
    }

    const ours = rows.filter((r) => r.contender === 'territory-design');
    expect(ours).toHaveLength(1);
    for (const r of ours) {
      expect(Math.max(...Object.values(r.maxDeviation))).toBeLessThanOrEqual(0.05 + 1e-9);
      expect(r.feasible).toBe(true);
      expect(r.deviationRatio).toBeNull();
      expect(r.gapPct).toBeNull();
    }
    for (const r of rows.filter((x) => x.contender === 'turf-kmeans' || x.contender === 'greedy')) {
      expect(Number.isFinite(r.timeRatio)).toBe(true);
      expect(Number.isFinite(r.deviationRatio)).toBe(true);
      expect(r.gapPct).toBeNull();
    }

    // The exact contender: a gap against a proven optimum or an LP bound, never negative (our plan is a
    // feasible point of the MIP), and its plan inside the band.
    const exact = rows.find((r) => r.contender === 'exact');
    if (highs) {
      expect(exact).toBeDefined();
      expect(Number.isFinite(exact!.gapPct)).toBe(true);
      expect(exact!.gapPct!).toBeGreaterThanOrEqual(-1e-6);
      expect(['mip-optimal', 'lp-bound']).toContain(exact!.gapBound);
      expect(exact!.feasible).toBe(true);
      if (exact!.gapBound === 'mip-optimal') expect(exact!.objective).toBeLessThanOrEqual(ours[0].objective * (1 + 1e-6));
    }

    // The CTDP table: one tiny instance, our library only, in band on all three activities.
    expect(report.ctdp).toHaveLength(1);
    const c = report.ctdp[0];
    expect(c).toMatchObject({ n: 200, p: 4, status: 'ok', inBand: true, publishedMaxDiameter: null, ratioToPublished: null });
    expect(Object.keys(c.maxDeviation).sort()).toEqual(['customers', 'demand', 'workload']);
    for (const x of [c.contiguousShare, c.maxDiameterUnits, c.maxDiameterKm, c.wallMs, c.peakRssMb, ...Object.values(c.maxDeviation)]) {
      expect(Number.isFinite(x)).toBe(true);
    }
    expect(Math.max(...Object.values(c.maxDeviation))).toBeLessThanOrEqual(0.05 + 1e-9);
    expect(c.contiguousShare).toBeGreaterThan(0);
    // One CTDP unit is about one km, and no territory is wider than the square's diagonal.
    expect(c.maxDiameterUnits).toBeGreaterThan(0);
    expect(c.maxDiameterUnits).toBeLessThanOrEqual(1000 * Math.SQRT2);
    expect(Math.abs(c.maxDiameterKm / c.maxDiameterUnits - 1)).toBeLessThan(0.02);

    // The printed output: both tables with their headers, including the gap column.
    const text = lines.join('\n');
    expect(text).toContain('gap %');
    expect(text).toContain('diam u');
    expect(text).toContain('uniform 300x5');
    expect(text).toContain('ctdp 200/p4');

    const files = readdirSync(outDir).filter((f) => f.endsWith('.json'));
    expect(files).toHaveLength(1);
    const json = JSON.parse(readFileSync(path.join(outDir, files[0]), 'utf8')) as BenchReport;
    expect(json.node).toBe(process.version);
    expect(json.machine.cores).toBeGreaterThan(0);
    expect(json.machine.totalMemoryGb).toBeGreaterThan(0);
    expect(json.machine.cpuModel.length).toBeGreaterThan(0);
    expect(json.command.length).toBeGreaterThan(0);
    expect(json.rows).toHaveLength(rows.length);
    expect(json.ctdp).toHaveLength(1);
    expect(json.exact.highs).toBe(highs);
    const jsonRows: Row[] = json.rows;
    expect(jsonRows.map((r) => r.contender)).toEqual(rows.map((r) => r.contender));
  });
});
