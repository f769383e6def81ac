/**
 * Every example script runs and says what it should, so the examples cannot rot. Each runs in its own
 * process through tsx, as a user would run it.
 */
import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('../', import.meta.url).pathname;
const example = async (name: string) => (await run('npx', ['tsx', `examples/${name}.ts`], { cwd: root, timeout: 120_000 })).stdout;

describe('examples/', () => {
  it('design-us.ts (npm run example): plain objects in, a feasible plan and a GeoJSON file out', async () => {
    const out = await example('design-us');
    expect(out).toContain('2000 accounts, 20 reps');
    expect(out).toContain('feasible: yes');
    expect(out).toContain('wrote examples/out/us-plan.geojson');
  }, 120_000);

  it('geojson-round-trip.ts: FeatureCollection in under other property names, territories and accounts out', async () => {
    const out = await example('geojson-round-trip');
    expect(out).toContain('read 2000 accounts from GeoJSON; plan feasible: yes');
    expect(out).toContain('20 territories, 2000 accounts');
  }, 120_000);

  it('csv-cli.ts: CSV files through the CLI to GeoJSON, CSV and HTML', async () => {
    const out = await example('csv-cli');
    expect(out).toContain('feasible: yes');
    expect(out).toContain('exit code 0');
  }, 120_000);

  it('realign.ts: a rep leaves, one joins, the band tightens; nothing moves when nothing changed', async () => {
    const out = await example('realign');
    expect(out).toContain('rebalance, nothing changed: moves no account');
    expect(out.match(/in band: yes/g)).toHaveLength(4);
    expect(out).toMatch(/R-07 leaves \(had \d+ accounts\): moves \d+ accounts/);
  }, 120_000);
});
