/**
 * `npm run example`: designs 20 sales territories over 2,000 real US ZIP-centroid accounts (bundled in
 * `examples/data`, made by `examples/data/generate.ts`), balanced on potential and workload to +-5%,
 * prints one line per territory and the plan's metrics, and writes `examples/out/us-plan.geojson`
 * (open it in geojson.io or any GeoJSON viewer: hulls are filled per rep, accounts coloured by rep).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { designTerritories } from '../src/index.js';
import type { Account, DesignOptions, Rep, TerritoryInput, TerritoryPlan } from '../src/types.js';
import { type Column, fixed, formatTable, int, pct, signedPct } from './format-table.js';

const MEASURES = ['potential', 'workload'] as const;
const OPTIONS: DesignOptions = { balance: [...MEASURES], tolerance: 0.05, seed: 42 };

/** 20 distinct colours (Tableau 20), reused in turn for more reps. */
const PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
  '#a0cbe8', '#ffbe7d', '#ff9d9a', '#86bcb6', '#8cd17d', '#f1ce63', '#d4a6c8', '#fabfd2', '#d7b5a6', '#79706e',
];

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

/** The plan as a styled FeatureCollection (simplestyle `fill`, `marker-color`): hulls, then accounts. */
function planGeoJson(input: TerritoryInput, plan: TerritoryPlan): FeatureCollection<Geometry> {
  const colour = new Map(input.reps.map((r, j) => [r.id, PALETTE[j % PALETTE.length]]));
  const features: Feature<Geometry>[] = [];
  for (const t of plan.territories) {
    if (!t.hull) continue;
    features.push({
      type: 'Feature',
      geometry: t.hull.geometry,
      properties: {
        repId: t.repId,
        accounts: t.accountIds.length,
        totals: t.totals,
        targets: t.targets,
        deviations: t.deviations,
        contiguous: t.contiguous,
        fill: colour.get(t.repId),
        'fill-opacity': 0.35,
        stroke: colour.get(t.repId),
        'stroke-width': 1,
      },
    });
  }
  const owner = new Map(plan.assignments.map((a) => [a.accountId, a.repId]));
  for (const a of input.accounts) {
    const repId = owner.get(a.id);
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [a.lon, a.lat] },
      properties: {
        accountId: a.id,
        repId,
        potential: a.potential,
        workload: a.workload ?? 1,
        'marker-color': repId ? colour.get(repId) : '#000000',
        'marker-size': 'small',
      },
    });
  }
  return { type: 'FeatureCollection', features };
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
  writeFileSync(outFile, `${JSON.stringify(planGeoJson(input, plan))}\n`);
  console.log(`\nwrote ${outFile.pathname.replace(`${process.cwd()}/`, '')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
