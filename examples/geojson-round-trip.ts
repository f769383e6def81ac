/**
 * GeoJSON round trip: the bundled accounts as a FeatureCollection of Points (as a GIS export would give
 * them), read with `fromGeoJSON`, designed, and written back with `toGeoJSON` to examples/out/round-trip.geojson.
 *   npx tsx examples/geojson-round-trip.ts
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { designTerritories, fromGeoJSON, toGeoJSON } from '../src/index.js';
import type { Account, Rep } from '../src/types.js';

const accounts = JSON.parse(readFileSync(new URL('./data/us-accounts.json', import.meta.url), 'utf8')) as Account[];
const reps = JSON.parse(readFileSync(new URL('./data/us-reps.json', import.meta.url), 'utf8')) as Rep[];

// What a GIS tool exports: Points with the fields as properties, under its own names.
const exported = {
  type: 'FeatureCollection',
  features: accounts.map((a) => ({
    type: 'Feature',
    geometry: { type: 'Point', coordinates: [a.lon, a.lat] },
    properties: { ACCOUNT_ID: a.id, SALES_POTENTIAL: a.potential, VISITS: a.workload ?? 1 },
  })),
};
const read = fromGeoJSON(exported, { id: 'ACCOUNT_ID', potential: 'SALES_POTENTIAL', workload: 'VISITS' });
const plan = await designTerritories({ accounts: read, reps }, { balance: ['potential', 'workload'], seed: 42 });
const out = toGeoJSON(plan, { accounts: read, reps });
const dir = new URL('./out/', import.meta.url);
mkdirSync(dir, { recursive: true });
writeFileSync(new URL('round-trip.geojson', dir), `${JSON.stringify(out)}\n`);
const kinds = out.features.reduce<Record<string, number>>((n, f) => ({ ...n, [String(f.properties?.kind)]: (n[String(f.properties?.kind)] ?? 0) + 1 }), {});
console.log(`read ${read.length} accounts from GeoJSON; plan feasible: ${plan.metrics.feasible ? 'yes' : 'no'}`);
console.log(`wrote examples/out/round-trip.geojson: ${kinds.territory} territories, ${kinds.account} accounts`);
