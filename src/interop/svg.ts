/**
 * A map of a plan as a self-contained SVG, and an HTML report around it, for people to look at: no tiles, no
 * network, no scripts. Coordinates are an equirectangular projection scaled by the cosine of the mid
 * latitude, with longitudes unwrapped around the accounts' centre so a plan across the antimeridian stays in
 * one piece.
 */
import type { TerritoryInput, TerritoryPlan } from '../types.js';
import { PALETTE } from './geojson.js';

/** Options of `renderSvg`. */
export interface SvgOptions {
  /** Width of the map in pixels; the height follows the data's shape. Default 900. */
  width?: number;
  /** Radius of an account dot in pixels. Default 2. */
  dotRadius?: number;
  /** Draw the legend (one swatch per rep). Default true. */
  legend?: boolean;
}

const MARGIN = 20;
const LEGEND_WIDTH = 150;

/** XML-escapes text for an attribute or a text node. */
function escape(text: string): string {
  // Control characters are not allowed in XML 1.0 at all: replaced, so an odd id cannot break the document.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Longitude unwrapped to within 180 degrees of `centre`. */
function unwrap(lon: number, centre: number): number {
  let x = lon - centre;
  while (x > 180) x -= 360;
  while (x < -180) x += 360;
  return x;
}

/**
 * The plan as an SVG document: each territory's hull filled in its rep's colour (the palette of `toGeoJSON`),
 * every account a dot in its rep's colour, each rep's home a black-edged square, and a legend of reps with
 * their account counts. Territories without a hull (empty, or `hulls: false`) show only their dots.
 * O(n + hull vertices).
 * @example renderSvg(plan, input).startsWith('<svg') // => true
 */
export function renderSvg(plan: TerritoryPlan, input: TerritoryInput, options: SvgOptions = {}): string {
  const width = options.width ?? 900;
  const r = options.dotRadius ?? 2;
  const legend = options.legend ?? true;
  const colour = new Map(plan.territories.map((t, j) => [t.repId, PALETTE[j % PALETTE.length]]));
  // The centre longitude: the circular mean of the accounts, so unwrapping keeps them together.
  let sx = 0;
  let sy = 0;
  let latSum = 0;
  for (const a of input.accounts) {
    sx += Math.cos((a.lon * Math.PI) / 180);
    sy += Math.sin((a.lon * Math.PI) / 180);
    latSum += a.lat;
  }
  const centreLon = input.accounts.length > 0 ? (Math.atan2(sy, sx) * 180) / Math.PI : 0;
  const midLat = input.accounts.length > 0 ? latSum / input.accounts.length : 0;
  const kx = Math.max(0.05, Math.cos((midLat * Math.PI) / 180));
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  // Accounts and homes alike must land on the canvas.
  const points = [...input.accounts, ...input.reps.flatMap((r) => (r.home ? [r.home] : []))];
  for (const a of points) {
    const x = unwrap(a.lon, centreLon) * kx;
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, a.lat);
    maxY = Math.max(maxY, a.lat);
  }
  if (!(maxX > minX)) [minX, maxX] = [minX - 1, maxX + 1];
  if (!(maxY > minY)) [minY, maxY] = [minY - 1, maxY + 1];
  const mapWidth = width - 2 * MARGIN - (legend ? LEGEND_WIDTH : 0);
  // At most 1.5x as tall as wide (a plan along one meridian would otherwise be millions of pixels tall), and
  // tall enough for the legend.
  const scale = Math.min(mapWidth / (maxX - minX), (1.5 * mapWidth) / (maxY - minY));
  const legendHeight = legend ? 2 * MARGIN + 16 * plan.territories.length : 0;
  const height = Math.max(200, legendHeight, Math.round((maxY - minY) * scale + 2 * MARGIN));
  const px = (lon: number) => (MARGIN + (unwrap(lon, centreLon) * kx - minX) * scale).toFixed(1);
  const py = (lat: number) => (MARGIN + (maxY - lat) * scale).toFixed(1);

  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`);
  parts.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  for (const t of plan.territories) {
    if (!t.hull) continue;
    const g = t.hull.geometry;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    // Parts split at the antimeridian are drawn unwrapped, side by side again.
    const d = polygons.map((rings) => rings.map((ring) => `M${ring.map(([lon, lat]) => `${px(lon)},${py(lat)}`).join('L')}Z`).join('')).join('');
    parts.push(`<path class="territory" data-rep="${escape(t.repId)}" d="${d}" fill="${colour.get(t.repId)}" fill-opacity="0.3" stroke="${colour.get(t.repId)}" stroke-width="1.2"/>`);
  }
  const owner = new Map(plan.assignments.map((a) => [a.accountId, a.repId]));
  for (const a of input.accounts) {
    const rep = owner.get(a.id);
    parts.push(`<circle class="account" cx="${px(a.lon)}" cy="${py(a.lat)}" r="${r}" fill="${rep ? colour.get(rep) : '#000000'}"/>`);
  }
  for (const rep of input.reps) {
    if (!rep.home) continue;
    const x = Number(px(rep.home.lon));
    const y = Number(py(rep.home.lat));
    parts.push(`<rect class="home" data-rep="${escape(rep.id)}" x="${(x - 4).toFixed(1)}" y="${(y - 4).toFixed(1)}" width="8" height="8" fill="${colour.get(rep.id) ?? '#000000'}" stroke="#000000" stroke-width="1.5"/>`);
  }
  if (legend) {
    const x0 = width - LEGEND_WIDTH + 5;
    parts.push(`<g class="legend">`);
    plan.territories.forEach((t, j) => {
      const y = MARGIN + j * 16;
      parts.push(`<rect x="${x0}" y="${y}" width="12" height="12" fill="${colour.get(t.repId)}"/><text x="${x0 + 18}" y="${y + 10}">${escape(t.repId)} (${t.accountIds.length})</text>`);
    });
    parts.push(`</g>`);
  }
  parts.push('</svg>');
  return parts.join('\n');
}

/**
 * A one-file HTML report that opens offline in any browser: the map (`renderSvg`), a bar chart per balanced
 * measure (each territory's total over its target, the band drawn as two lines), and the metrics table.
 * O(n + k x measures).
 * @example renderReport(plan, input).includes('<svg') // => true
 */
export function renderReport(plan: TerritoryPlan, input: TerritoryInput, options: { title?: string } = {}): string {
  const title = options.title ?? 'Territory plan';
  const charts = plan.metrics.balance.map((b) => balanceChart(plan, b.measure, b.tolerance));
  const rows = plan.territories
    .map((t) => {
      const cells = plan.metrics.balance.flatMap((b) => [fmt(t.totals[b.measure]), fmt(t.targets[b.measure]), `${(100 * t.deviations[b.measure]).toFixed(2)}%`]);
      return `<tr><td>${escape(t.repId)}</td><td>${t.accountIds.length}</td>${cells.map((c) => `<td>${c}</td>`).join('')}<td>${t.meanDistanceKm.toFixed(0)}</td><td>${t.contiguous ? 'yes' : 'no'}</td></tr>`;
    })
    .join('\n');
  const head = plan.metrics.balance.flatMap((b) => [escape(b.measure), 'target', 'dev']).map((h) => `<th>${h}</th>`).join('');
  const summary = [
    `feasible: ${plan.metrics.feasible ? 'yes' : 'no'}`,
    ...plan.metrics.balance.map((b) => `${escape(b.measure)}: max deviation ${(100 * b.maxDeviation).toFixed(2)}% (band ±${(100 * b.tolerance).toFixed(1)}%)`),
    `contiguous: ${(100 * plan.metrics.overlap.contiguousShare).toFixed(0)}% of territories; hull overlap ${(100 * plan.metrics.overlap.areaRatio).toFixed(2)}%`,
    ...plan.warnings.slice(0, 20).map((w) => `warning ${escape(w.code)}: ${escape(w.message)}`),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>body{font-family:sans-serif;margin:20px;color:#222}table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}td:first-child,th:first-child{text-align:left}h2{font-size:16px}</style>
</head><body>
<h1>${escape(title)}</h1>
<ul>${summary.map((s) => `<li>${s}</li>`).join('')}</ul>
<h2>Map</h2>
${renderSvg(plan, input)}
<h2>Balance</h2>
${charts.join('\n')}
<h2>Territories</h2>
<table><thead><tr><th>rep</th><th>accounts</th>${head}<th>mean km</th><th>contiguous</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}

function fmt(x: number): string {
  return Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : String(x);
}

/** One bar per territory: total / target, with the band's two edges as dashed lines. */
function balanceChart(plan: TerritoryPlan, measure: string, tolerance: number): string {
  const k = plan.territories.length;
  const barWidth = Math.max(4, Math.min(24, Math.floor(860 / Math.max(1, k))));
  const width = 40 + k * barWidth + 20;
  const height = 180;
  // A zero target is met by a zero total (deviation 0): drawn at 1, not as a -100% bar.
  const ratios = plan.territories.map((t) => (t.targets[measure] > 0 ? t.totals[measure] / t.targets[measure] : 1 + t.deviations[measure]));
  const top = Math.max(1 + 2 * tolerance, ...ratios.filter(Number.isFinite)) * 1.05;
  const y = (ratio: number) => (height - 20 - (ratio / top) * (height - 40)).toFixed(1);
  const bars = ratios
    .map((ratio, j) => {
      const inBand = Math.abs(ratio - 1) <= tolerance + 1e-12;
      const h = Math.max(0, Number(y(0)) - Number(y(ratio)));
      return `<rect class="bar" x="${40 + j * barWidth + 1}" y="${y(ratio)}" width="${barWidth - 2}" height="${h.toFixed(1)}" fill="${inBand ? '#59a14f' : '#e15759'}"><title>${escape(plan.territories[j].repId)}: ${(100 * (ratio - 1)).toFixed(2)}%</title></rect>`;
    })
    .join('');
  const line = (ratio: number, cls: string) => `<line class="${cls}" x1="40" x2="${width - 20}" y1="${y(ratio)}" y2="${y(ratio)}" stroke="#333" stroke-dasharray="4 3"/>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" class="balance" data-measure="${escape(measure)}" width="${width}" height="${height}" font-family="sans-serif" font-size="11">
<text x="40" y="12">${escape(measure)}: total / target per territory, band ±${(100 * tolerance).toFixed(1)}%</text>
${bars}
${line(1 - tolerance, 'band-low')}${line(1 + tolerance, 'band-high')}<line x1="40" x2="${width - 20}" y1="${y(1)}" y2="${y(1)}" stroke="#999"/>
</svg>`;
}
