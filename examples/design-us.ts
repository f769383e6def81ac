/**
 * `npm run example`: designs 20 sales territories over 2,000 real US ZIP-centroid accounts (bundled in
 * `examples/data`, made by `examples/data/generate.ts`), balanced on potential and workload to +-5%,
 * prints one line per territory and the plan's metrics, and writes `examples/out/us-plan.geojson`
 * (open it in geojson.io or any GeoJSON viewer: hulls are filled per rep, accounts coloured by rep).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { designTerritories, toGeoJSON } from '../src/index.js';
import type { Account, DesignOptions, Rep, TerritoryInput, TerritoryPlan } from '../src/types.js';
import { type Column, fixed, formatTable, int, pct, signedPct } from '../src/cli/format-table.js';

const MEASURES = ['potential', 'workload'] as const;
const OPTIONS: DesignOptions = { balance: [...MEASURES], tolerance: 0.05, seed: 42 };

function readJson<T>(relative: string): T {
  return JSON.parse(readFileSync(new URL(relative, import.meta.url), 'utf8')) as T;
}

function territoryTable(input: TerritoryInput, plan: TerritoryPlan): string {
  const capacity = new Map(input.reps.map((r) => [r.id, r.capacity ?? 1]));
  const columns: Column[] = [
    { header: 'rep', align: 'left' },
    { header: 'cap' },
    { header: 'accts' },
    { header: 'potential' },
    { header: 'target' },
    { header: 'dev' },
    { header: 'workload' },
    { header: 'target' },
    { header: 'dev' },
    { header: 'mean km' },
    { header: 'max diam km' },
    { header: 'contiguous', align: 'left' },
  ];
  const rows = plan.territories.map((t) => [
    t.repId + (t.isolated ? '*' : ''),
    fixed(capacity.get(t.repId) ?? 1, 1),
    int(t.accountIds.length),
    ...MEASURES.flatMap((m) => [int(t.totals[m]), int(t.targets[m]), signedPct(t.deviations[m], 2)]),
    fixed(t.meanDistanceKm, 0),
    fixed(t.maxDiameterKm, 0),
    t.contiguous ? 'yes' : 'no',
  ]);
  return formatTable(columns, rows);
}

function metricsSummary(plan: TerritoryPlan, wallMs: number): string {
  const { metrics } = plan;
  const out = [`feasible: ${metrics.feasible ? 'yes' : 'no'}`];
  for (const b of metrics.balance) {
    out.push(
      `${b.measure}: max deviation ${pct(b.maxDeviation, 2)} (band +-${pct(b.tolerance, 0)}), ` +
        `in band ${pct(b.inBandShare, 0)} of territories, CV ${fixed(b.coefficientOfVariation, 3)}`,
    );
  }
  const { overlap, compactness } = metrics;
  out.push(
    `overlap: hull area ratio ${pct(overlap.areaRatio, 2)}, accounts in another hull ${pct(overlap.accountsInOtherHullsShare, 2)}`,
    `contiguous: ${pct(overlap.contiguousShare, 0)} of territories` +
      (overlap.nonContiguous.length > 0 ? ` (not: ${overlap.nonContiguous.join(', ')})` : ''),
    `compactness: mean ${fixed(compactness.meanDistanceKm, 0)} km to centre, ` +
      `potential-weighted ${fixed(compactness.potentialWeightedDistanceKm, 0)} km, max diameter ${fixed(compactness.maxDiameterKm, 0)} km`,
  );
  const stages = Object.entries(metrics.timings).map(([stage, ms]) => `${stage} ${fixed(ms, 0)}`);
  out.push(`time: ${fixed(wallMs, 0)} ms in all${stages.length > 0 ? ` (ms: ${stages.join(', ')})` : ''}`);
  return out.join('\n');
}

function warningsSummary(plan: TerritoryPlan, max = 10): string {
  if (plan.warnings.length === 0) return 'warnings: none';
  const lines = plan.warnings.slice(0, max).map((w) => `  [${w.code}] ${w.message}`);
  if (plan.warnings.length > max) lines.push(`  ... and ${plan.warnings.length - max} more`);
  return `warnings (${plan.warnings.length}):\n${lines.join('\n')}`;
}

async function main(): Promise<void> {
  const input: TerritoryInput = {
    accounts: readJson<Account[]>('./data/us-accounts.json'),
    reps: readJson<Rep[]>('./data/us-reps.json'),
  };
  console.log(
    `${input.accounts.length} accounts, ${input.reps.length} reps; balance ${MEASURES.join(' + ')} to +-${pct(OPTIONS.tolerance ?? 0.05, 0)}\n`,
  );
  const start = performance.now();
  const plan = await designTerritories(input, OPTIONS);
  const wallMs = performance.now() - start;

  console.log(territoryTable(input, plan));
  console.log(`\n${metricsSummary(plan, wallMs)}\n${warningsSummary(plan)}`);

  const outDir = new URL('./out/', import.meta.url);
  mkdirSync(outDir, { recursive: true });
  const outFile = new URL('us-plan.geojson', outDir);
  writeFileSync(outFile, `${JSON.stringify(toGeoJSON(plan, input))}\n`);
  console.log(`\nwrote ${outFile.pathname.replace(`${process.cwd()}/`, '')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
