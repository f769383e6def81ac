/**
 * Text output of the benchmark: the main table, the CTDP table and the scaling lines.
 */
import type { CtdpRow, Row } from './run.js';

const pad = (s: string, w: number): string => (s.length >= w ? s : s + ' '.repeat(w - s.length));
const lpad = (s: string, w: number): string => (s.length >= w ? s : ' '.repeat(w - s.length) + s);
const fixed = (x: number | null, digits: number): string => (x === null || !Number.isFinite(x) ? '-' : x.toFixed(digits));
const ratio = (x: number | null): string => (x === null || !Number.isFinite(x) ? '-' : x >= 100 ? x.toFixed(0) : x.toFixed(2));

type Column = [title: string, width: number, right: boolean];

function table(cols: readonly Column[], body: (string[] | null)[]): string {
  const line = (cells: string[]): string => cells.map((c, i) => (cols[i][2] ? lpad(c, cols[i][1]) : pad(c, cols[i][1]))).join('  ').trimEnd();
  const out = [line(cols.map((c) => c[0])), line(cols.map((c) => '-'.repeat(c[1])))];
  for (const cells of body) out.push(cells ? line(cells) : '');
  return out.join('\n');
}

/** The main rows as a fixed-width table, a blank line between instances; failed runs show their status. */
export function formatTable(rows: readonly Row[]): string {
  const cols: Column[] = [
    ['instance', 22, false],
    ['contender', 17, false],
    ['ms', 9, true],
    ['rss MB', 7, true],
    ['max dev (per measure)', 21, false],
    ['in band', 7, true],
    ['mean km', 8, true],
    ['overlap', 7, true],
    ['contig', 6, true],
    ['diam km', 8, true],
    ['dev x', 6, true],
    ['time x', 6, true],
    ['gap %', 11, true],
  ];
  const body: (string[] | null)[] = [];
  let last = '';
  for (const r of rows) {
    if (last && r.instance !== last) body.push(null);
    last = r.instance;
    if (r.status !== 'ok') {
      body.push([r.instance, r.contender, r.status, ...cols.slice(3).map(() => '-')]);
      continue;
    }
    // A MIP stopped at its limit brackets the gap: at least the gap to its incumbent, at most the gap to the LP bound.
    const gap =
      r.gapPct === null
        ? ''
        : r.gapBound === 'lp-bound'
          ? `${r.gapToIncumbentPct === null ? '?' : fixed(r.gapToIncumbentPct, 2)}..${fixed(r.gapPct, 2)}`
          : fixed(r.gapPct, 2);
    body.push([
      r.instance,
      r.contender,
      r.wallMs.toFixed(0),
      r.peakRssMb.toFixed(0),
      Object.values(r.maxDeviation).map((d) => d.toFixed(3)).join('/'),
      r.minInBandShare.toFixed(2),
      r.meanDistanceKm.toFixed(1),
      r.overlapAreaRatio.toFixed(3),
      r.contiguousShare.toFixed(2),
      r.maxDiameterKm.toFixed(0),
      ratio(r.deviationRatio),
      ratio(r.timeRatio),
      gap,
    ]);
  }
  return table(cols, body);
}

/** The CTDP rows, ours beside the published figure where one exists. */
export function formatCtdpTable(rows: readonly CtdpRow[]): string {
  const cols: Column[] = [
    ['instance', 17, false],
    ['n', 6, true],
    ['p', 4, true],
    ['in band', 7, false],
    ['max dev c/d/w', 17, false],
    ['contig', 6, true],
    ['diam u', 7, true],
    ['published', 9, true],
    ['ours/pub', 8, true],
    ['ms', 7, true],
    ['rss MB', 6, true],
  ];
  const body = rows.map((r) =>
    r.status !== 'ok'
      ? [r.instance, String(r.n), String(r.p), r.status, ...cols.slice(4).map(() => '-')]
      : [
          r.instance,
          String(r.n),
          String(r.p),
          r.inBand ? 'yes' : 'no',
          Object.values(r.maxDeviation).map((d) => d.toFixed(3)).join('/'),
          r.contiguousShare.toFixed(2),
          r.maxDiameterUnits.toFixed(0),
          r.publishedMaxDiameter === null ? '' : `~${r.publishedMaxDiameter}`,
          r.ratioToPublished === null ? '' : r.ratioToPublished.toFixed(2),
          r.wallMs.toFixed(0),
          r.peakRssMb.toFixed(0),
        ],
  );
  return table(cols, body);
}

const short = (n: number): string => (n >= 1e6 && n % 1e6 === 0 ? `${n / 1e6}M` : n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n));

/**
 * For our contender, one line per pair of consecutive sizes of one geography (ZIP and jittered ZIP count
 * as one): how much the accounts, the reps and our time grew, e.g.
 * `uniform: 1k x10 -> 10k x50: accounts x10, reps x5, time x7.3`.
 */
export function scalingLines(rows: readonly Row[]): string[] {
  const byGeo = new Map<string, Row[]>();
  for (const r of rows) {
    if (r.contender !== 'territory-design' || r.status !== 'ok') continue;
    const geo = r.family === 'zip-jitter' ? 'zip' : r.family;
    if (!byGeo.has(geo)) byGeo.set(geo, []);
    byGeo.get(geo)!.push(r);
  }
  const out: string[] = [];
  for (const [geo, list] of byGeo) {
    for (let t = 1; t < list.length; t++) {
      const a = list[t - 1];
      const b = list[t];
      const x = (v: number): string => (Number.isInteger(v) || v >= 10 ? v.toFixed(0) : v.toFixed(1));
      out.push(
        `${geo}: ${short(a.n)} x${a.k} -> ${short(b.n)} x${b.k}: accounts x${x(b.n / a.n)}, reps x${x(b.k / a.k)}, time x${x(b.wallMs / a.wallMs)}`,
      );
    }
  }
  return out;
}
