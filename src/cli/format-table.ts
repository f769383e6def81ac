/** Small formatting helpers for the CLI and the examples: fixed-width tables and plain numbers. */

/** One column of a fixed-width table. */
export interface Column {
  header: string;
  /** Default 'right' (numbers); use 'left' for names. */
  align?: 'left' | 'right';
}

/**
 * Renders rows as a fixed-width text table: a header, a rule, then one line per row; each column is as
 * wide as its widest cell, columns separated by two spaces.
 * @example formatTable([{ header: 'rep', align: 'left' }, { header: 'n' }], [['R-1', '12']])
 * // => 'rep   n\n---  --\nR-1  12'
 */
export function formatTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const widths = columns.map((c, j) => Math.max(c.header.length, ...rows.map((r) => (r[j] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, j) => (columns[j].align === 'left' ? cell.padEnd(widths[j]) : cell.padStart(widths[j])))
      .join('  ')
      .trimEnd();
  return [
    line(columns.map((c) => c.header)),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map((r) => line(columns.map((_, j) => r[j] ?? ''))),
  ].join('\n');
}

/** An integer with thousands separators: 1234567 -> '1,234,567'. */
export function int(x: number): string {
  return Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : String(x);
}

/** A number with a fixed number of decimals: fixed(3.14159, 1) -> '3.1'. */
export function fixed(x: number, digits = 1): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

/** A signed percentage of a ratio: signedPct(-0.0123) -> '-1.2%'. */
export function signedPct(ratio: number, digits = 1): string {
  if (!Number.isFinite(ratio)) return String(ratio);
  const s = (ratio * 100).toFixed(digits);
  return ratio > 0 && Number(s) !== 0 ? `+${s}%` : `${s}%`;
}

/** A percentage of a share in [0, 1]: pct(0.95) -> '95.0%'. */
export function pct(share: number, digits = 1): string {
  return Number.isFinite(share) ? `${(share * 100).toFixed(digits)}%` : String(share);
}
