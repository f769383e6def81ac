import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parse } from 'csv-parse/sync';
import { runCli } from '../../src/cli/main.js';
import type { Account, Rep } from '../../src/types.js';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

/** The bundled example data as the two CSV files an analyst would have. */
function exampleCsv(dir: string): { accounts: string; reps: string } {
  const accounts = JSON.parse(readFileSync(join(root, 'examples/data/us-accounts.json'), 'utf8')) as Account[];
  const reps = JSON.parse(readFileSync(join(root, 'examples/data/us-reps.json'), 'utf8')) as Rep[];
  const a = join(dir, 'accounts.csv');
  const r = join(dir, 'reps.csv');
  writeFileSync(a, ['id,lat,lon,potential,workload', ...accounts.map((x) => [x.id, x.lat, x.lon, x.potential, x.workload ?? 1].join(','))].join('\n') + '\n');
  writeFileSync(r, ['id,capacity,homeLat,homeLon', ...reps.map((x) => [x.id, x.capacity ?? '', x.home?.lat ?? '', x.home?.lon ?? ''].join(','))].join('\n') + '\n');
  return { accounts: a, reps: r };
}

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: (t: string) => (out.stdout += t), stderr: (t: string) => (out.stderr += t) } };
}

describe('territory-design CLI', () => {
  it('design: CSV in, GeoJSON and CSV out, a summary on stdout and progress on stderr; evaluate scores it back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-cli-'));
    const files = exampleCsv(dir);
    const { out, io: sink } = io();
    const code = await runCli(['design', '--accounts', files.accounts, '--reps', files.reps, '--balance', 'potential,workload', '--tolerance', '0.05', '--out', join(dir, 'plan.geojson'), '--csv', join(dir, 'assignments.csv'), '--territories', join(dir, 'territories.csv'), '--report', join(dir, 'report.html'), '--strict'], sink);
    expect(code).toBe(0);
    expect(out.stdout).toMatch(/^rep\s+accts\s+potential\s+target\s+dev\s+workload/);
    expect(out.stdout).toContain('feasible: yes');
    expect(out.stderr).toMatch(/100% plan ready/);
    const geo = JSON.parse(readFileSync(join(dir, 'plan.geojson'), 'utf8')) as { features: { properties: { kind: string } }[] };
    expect(geo.features.filter((f) => f.properties.kind === 'territory')).toHaveLength(20);
    expect(geo.features.filter((f) => f.properties.kind === 'account')).toHaveLength(2000);
    const assignments = parse(readFileSync(join(dir, 'assignments.csv'), 'utf8'), { columns: true }) as { accountId: string; repId: string }[];
    expect(assignments).toHaveLength(2000);
    expect(parse(readFileSync(join(dir, 'territories.csv'), 'utf8'), { columns: true })).toHaveLength(20);
    const report = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(report.match(/class="territory"/g)).toHaveLength(20);
    expect(report.match(/class="balance"/g)).toHaveLength(2);

    const again = io();
    const evaluated = await runCli(['evaluate', '--accounts', files.accounts, '--reps', files.reps, '--assignments', join(dir, 'assignments.csv'), '--balance', 'potential,workload', '--strict'], again.io);
    expect(evaluated).toBe(0);
    // The same figures, scored from the files alone.
    const line = (text: string) => text.split('\n').find((l) => l.startsWith('potential: max deviation'));
    expect(line(again.out.stdout)).toBe(line(out.stdout));
  });

  it('exit 1 with --strict when the band is missed, 2 for bad input naming file, line and column', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-cli-'));
    const accounts = join(dir, 'a.csv');
    const reps = join(dir, 'r.csv');
    // One account holds almost everything: no band can hold it.
    writeFileSync(accounts, 'id,lat,lon,potential\nA,40,-74,1000\nB,40.1,-74,1\nC,40.2,-74,1\nD,40.3,-74,1\n');
    writeFileSync(reps, 'id\nR-1\nR-2\n');
    const strict = io();
    expect(await runCli(['design', '--accounts', accounts, '--reps', reps, '--strict', '--quiet'], strict.io)).toBe(1);
    expect(strict.out.stdout).toContain('feasible: no');
    expect(await runCli(['design', '--accounts', accounts, '--reps', reps, '--quiet'], io().io)).toBe(0);

    writeFileSync(accounts, 'id,lat,lon,potential\nA,40,-74,lots\n');
    const bad = io();
    expect(await runCli(['design', '--accounts', accounts, '--reps', reps], bad.io)).toBe(2);
    // One line, naming the file, line and column.
    expect(bad.out.stderr).toBe(`territory-design: ${accounts}:2: column potential: expected a number (the potential), got "lots"\n`);
    writeFileSync(accounts, '');
    const empty = io();
    expect(await runCli(['design', '--accounts', accounts, '--reps', reps], empty.io)).toBe(2);
    expect(empty.out.stderr).toBe(`territory-design: ${accounts}:1: expected a header line and rows, got an empty file\n`);
    writeFileSync(accounts, 'name,lat,lon,potential\nA,40,-74,1\n');
    const columns = io();
    expect(await runCli(['design', '--accounts', accounts, '--reps', reps], columns.io)).toBe(2);
    expect(columns.out.stderr).toBe(`territory-design: ${accounts}:1: column id: expected a column named "id" in the header, got "name", "lat", "lon", "potential"\n`);
    const missing = io();
    expect(await runCli(['design', '--accounts', join(dir, 'nope.csv'), '--reps', reps], missing.io)).toBe(2);
    expect(missing.out.stderr).toMatch(/nope\.csv: no such file/);
    const usage = io();
    expect(await runCli(['design', '--reps', reps], usage.io)).toBe(2);
    expect(usage.out.stderr).toMatch(/--accounts is required\nusage:/);
    expect(await runCli(['design', '--accounts', accounts, '--reps', reps, '--bogus'], io().io)).toBe(2);
    // What only the engine can see (a latitude out of range, a duplicate id) is still said by file and line.
    writeFileSync(accounts, 'id,lat,lon,potential\nA,40,-74,1\nA,200,-74,1\n');
    const range = io();
    expect(await runCli(['design', '--accounts', accounts, '--reps', reps], range.io)).toBe(2);
    expect(range.out.stderr).toContain(`${accounts}:3: column lat: expected a number between -90 and 90, got 200`);
    expect(range.out.stderr).toContain(`${accounts}:3: column id: `);
    const directory = io();
    expect(await runCli(['design', '--accounts', dir, '--reps', reps], directory.io)).toBe(2);
    expect(directory.out.stderr).toContain(`${dir}: is a directory, expected a file`);
    const help = io();
    expect(await runCli(['design', '--help'], help.io)).toBe(0);
    expect(help.out.stdout).toMatch(/^usage:/);
    expect(help.out.stderr).toBe('');
  });

  it('runs as the built executable (dist/cli.js) with the exit codes', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'td-cli-'));
    const accounts = join(dir, 'a.csv');
    writeFileSync(accounts, 'id,lat,lon,potential\nA,40,-74,1\nB,41,-74,1\n');
    writeFileSync(join(dir, 'r.csv'), 'id\nR-1\n');
    const ok = await run('node', [join(root, 'dist/cli.js'), 'design', '--accounts', accounts, '--reps', join(dir, 'r.csv'), '--quiet']);
    expect(ok.stdout).toContain('feasible: yes');
    await expect(run('node', [join(root, 'dist/cli.js'), 'design', '--accounts', join(dir, 'missing.csv'), '--reps', join(dir, 'r.csv')])).rejects.toMatchObject({ code: 2 });
  });
});
