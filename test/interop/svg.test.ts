import { describe, expect, it } from 'vitest';
import { designTerritories, renderReport, renderSvg } from '../../src/index.js';
import { ANTIMERIDIAN_BBOX, uniformInstance, withHomes } from '../support/instances.js';

/** Every tag opened is closed, in order: a well-formedness check for the simple XML we write. */
function unbalancedTags(xml: string): string[] {
  const stack: string[] = [];
  const problems: string[] = [];
  for (const m of xml.matchAll(/<(\/?)([a-zA-Z][\w-]*)[^>]*?(\/?)>/g)) {
    const [, close, name, self] = m;
    if (['meta', '!doctype'].includes(name.toLowerCase()) || self) continue;
    if (!close) stack.push(name);
    else if (stack.pop() !== name) problems.push(`</${name}>`);
  }
  return [...problems, ...stack.filter((t) => t !== 'html' || !xml.startsWith('<!doctype'))];
}

describe('renderSvg(plan, input) and renderReport(plan, input)', () => {
  it('draws one hull per territory, a dot per account, a square per home and a legend, with no NaN', async () => {
    const input = withHomes(uniformInstance({ n: 300, k: 5, seed: 3 }), 2, 3);
    const plan = await designTerritories(input, { workers: 1 });
    const svg = renderSvg(plan, input);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(unbalancedTags(svg)).toEqual([]);
    expect(svg.match(/class="territory"/g)).toHaveLength(5);
    expect(svg.match(/class="account"/g)).toHaveLength(300);
    expect(svg.match(/class="home"/g)).toHaveLength(2);
    for (const t of plan.territories) expect(svg).toContain(`${t.repId} (${t.accountIds.length})`);
    expect(svg).not.toMatch(/NaN|Infinity|undefined/);
    // Every dot inside the drawing.
    const [, w, h] = svg.match(/viewBox="0 0 (\d+) (\d+)"/)!.map(Number);
    for (const m of svg.matchAll(/cx="([-\d.]+)" cy="([-\d.]+)"/g)) {
      expect(Number(m[1])).toBeGreaterThanOrEqual(0);
      expect(Number(m[1])).toBeLessThanOrEqual(w);
      expect(Number(m[2])).toBeGreaterThanOrEqual(0);
      expect(Number(m[2])).toBeLessThanOrEqual(h);
    }
  });

  it('stays a sane size and keeps everything on the canvas: one meridian, one spot, a far home, odd ids', async () => {
    const line = Array.from({ length: 30 }, (_, i) => ({ id: `a${i}`, lat: 30 + i, lon: -90, potential: 1 }));
    const reps = [{ id: 'r\u0001<0>', home: { lat: 10, lon: -60 } }, ...Array.from({ length: 24 }, (_, j) => ({ id: `r${j + 1}` }))];
    const plan = await designTerritories({ accounts: line, reps }, { workers: 1 });
    const svg = renderSvg(plan, { accounts: line, reps }, { width: 600 });
    const [, w, h] = svg.match(/viewBox="0 0 (\d+) (\d+)"/)!.map(Number);
    expect(h).toBeLessThanOrEqual(1.5 * 600 + 40);
    expect(svg.match(/<text /g)).toHaveLength(25); // every rep in the legend, none cut off
    expect(svg).not.toMatch(/[\u0000-\u0008]/);
    expect(svg).toContain('r\uFFFD&lt;0&gt;');
    const home = svg.match(/class="home"[^>]* x="([-\d.]+)" y="([-\d.]+)"/)!;
    expect(Number(home[1])).toBeGreaterThanOrEqual(0);
    expect(Number(home[1])).toBeLessThanOrEqual(w);
    expect(Number(home[2])).toBeGreaterThanOrEqual(0);
    expect(Number(home[2])).toBeLessThanOrEqual(h);
    const spot = Array.from({ length: 5 }, (_, i) => ({ id: `s${i}`, lat: 1, lon: 1, potential: 1 }));
    const onSpot = await designTerritories({ accounts: spot, reps: [{ id: 'x' }] }, { workers: 1 });
    expect(renderSvg(onSpot, { accounts: spot, reps: [{ id: 'x' }] })).not.toMatch(/NaN|Infinity/);
  });

  it('keeps a plan across the antimeridian in one piece (no dot flung to the far side)', async () => {
    const input = uniformInstance({ n: 200, k: 3, seed: 2, bbox: ANTIMERIDIAN_BBOX });
    const plan = await designTerritories(input, { workers: 1 });
    const svg = renderSvg(plan, input, { legend: false, width: 600 });
    const xs = [...svg.matchAll(/cx="([-\d.]+)"/g)].map((m) => Number(m[1])).sort((a, b) => a - b);
    // Without unwrapping, accounts at 179 and -179 would sit at opposite edges with an empty map between.
    let gap = 0;
    for (let i = 1; i < xs.length; i++) gap = Math.max(gap, xs[i] - xs[i - 1]);
    expect(gap).toBeLessThan(60);
    expect(unbalancedTags(svg)).toEqual([]);
    expect(svg).not.toMatch(/NaN/);
  });

  it('writes an offline HTML report: the map, a bar chart per measure with the band, the table', async () => {
    const input = uniformInstance({ n: 300, k: 6, seed: 4 });
    const plan = await designTerritories(input, { balance: ['potential', 'workload'], workers: 1 });
    const html = renderReport(plan, input, { title: 'Q1 <plan>' });
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<title>Q1 &lt;plan&gt;</title>');
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/); // nothing fetched from the network
    expect(html.match(/class="balance"/g)).toHaveLength(2);
    expect(html.match(/class="bar"/g)).toHaveLength(12);
    expect(html.match(/class="band-low"/g)).toHaveLength(2);
    expect(html.match(/<tr><td>/g)).toHaveLength(6);
    expect(html).toContain('feasible: yes');
    expect(unbalancedTags(html.replace(/<!doctype html>/, ''))).toEqual([]);
  });
});
