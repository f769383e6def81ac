/**
 * The ESM build in a real browser: dist/index.js bundled for the browser the way an app's bundler would
 * (esbuild, platform browser), served from localhost, run in headless Debian Chromium through
 * playwright-core. `.ci/run` installs Chromium; without /usr/bin/chromium the test is skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { chromium, type Browser } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const root = new URL('../../', import.meta.url).pathname;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"></head><body><div id="map"></div>
<script type="module">
import { designTerritories, readAccountsCsv, renderSvg } from './bundle.js';
// A seeded grid of accounts over Iowa-sized ground, 4 reps.
let s = 7;
const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
const accounts = Array.from({ length: 400 }, (_, i) => ({ id: 'a' + i, lat: 41 + 2 * rand(), lon: -95 + 4 * rand(), potential: 1 + 9 * rand() }));
const reps = [{ id: 'r0' }, { id: 'r1' }, { id: 'r2' }, { id: 'r3', home: { lat: 42, lon: -93 } }];
try {
  const plan = await designTerritories({ accounts, reps }, { balance: ['potential', 'accounts'], seed: 3 });
  document.getElementById('map').innerHTML = renderSvg(plan, { accounts, reps }, { width: 700 });
  const csv = readAccountsCsv('\\uFEFFid;lat;lon;potential\\n"A;1";41.5;-93.5;"12.5"\\n');
  window.result = { csv, feasible: plan.metrics.feasible, assignments: plan.assignments.length, reps: new Set(plan.assignments.map((a) => a.repId)).size, maxDeviation: Math.max(...plan.metrics.balance.map((b) => b.maxDeviation)) };
} catch (e) {
  window.result = { error: String(e && e.stack || e) };
}
</script></body></html>`;

describe.skipIf(!existsSync(CHROMIUM))('in a browser (headless Chromium)', () => {
  let server: Server;
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    const bundled = await build({
      entryPoints: [`${root}dist/index.js`],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const bundle = bundled.outputFiles[0].text;
    server = createServer((req, res) => {
      if (req.url === '/bundle.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      else if (req.url === '/' || req.url === '/index.html') res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });

  it('designs a plan in the page from the ESM build and draws the map', async () => {
    const page = await browser.newPage({ viewport: { width: 760, height: 700 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => {
      if (m.type() === 'error' && !m.text().includes('404')) errors.push(m.text());
    });
    await page.goto(`${base}/`);
    await page.waitForFunction(() => (window as unknown as { result?: unknown }).result !== undefined, undefined, { timeout: 60_000 }).catch((e: unknown) => {
      throw new Error(`the page set no result: ${errors.join('; ') || String(e)}`);
    });
    const result = await page.evaluate(() => (window as unknown as { result: Record<string, unknown> }).result);
    expect(errors).toEqual([]);
    expect(result).toMatchObject({ feasible: true, assignments: 400, reps: 4 });
    // CSV reading works in the page too (csv-parse's browser build, by the package's "browser" map).
    expect(result.csv).toEqual([{ id: 'A;1', lat: 41.5, lon: -93.5, potential: 12.5 }]);
    expect(result.maxDeviation as number).toBeLessThanOrEqual(0.05 + 1e-9);
    expect(await page.locator('svg path.territory').count()).toBe(4);
    expect(await page.locator('svg circle.account').count()).toBe(400);

    // The screenshot is not blank: count the pixels that are neither white nor near-white, by drawing the PNG
    // onto a canvas in the page itself.
    const png = await page.locator('#map svg').screenshot();
    const coloured = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.createElement('canvas');
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext('2d')!;
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, img.width, img.height).data;
      let count = 0;
      for (let p = 0; p < data.length; p += 4) if (data[p] < 235 || data[p + 1] < 235 || data[p + 2] < 235) count++;
      return { count, total: img.width * img.height };
    }, png.toString('base64'));
    // Hulls fill most of the map: well over a fifth of the pixels carry colour.
    expect(coloured.count / coloured.total).toBeGreaterThan(0.2);
    await page.close();
  }, 90_000);
});
