/**
 * CSV in and out, for the spreadsheet side of sales operations. Parsing is csv-parse's (quoted fields, embedded
 * separators and newlines, a byte-order mark); this file maps columns to fields and checks every cell, so a
 * bad file fails with one line per problem naming the file, the line and the column.
 */
import { parse } from 'csv-parse/sync';
import type { Account, Assignment, Rep, TerritoryPlan } from '../types.js';
import { TerritoryInputError } from '../input/territory-input-error.js';
import { formatValue } from '../input/format-issue.js';

/** Column names of the account fields, each defaulting to the field's own name. */
export interface AccountColumns {
  id?: string;
  lat?: string;
  lon?: string;
  potential?: string;
  workload?: string;
  currentRepId?: string;
  lockedRepId?: string;
}

/** Column names of the rep fields, each defaulting to the name shown. */
export interface RepColumns {
  id?: string;
  capacity?: string;
  homeLat?: string;
  homeLon?: string;
  maxDistanceKm?: string;
}

/** How to read a CSV file. */
export interface CsvReadOptions<C> {
  /** The file's name, for messages. Default `'input.csv'`. */
  file?: string;
  /** Field separator; default: whichever of `,`, `;` or tab the header line uses most. */
  delimiter?: ',' | ';' | '\t';
  /** Columns named otherwise than the fields. */
  columns?: C;
  /** When given, filled with the file line of each record read (for messages about record i later). */
  lines?: number[];
}

/** Bad CSV: a `TerritoryInputError` whose message is `file:line: column: ...`, one line per problem (under a
 *  heading when there are several). */
export class CsvInputError extends TerritoryInputError {
  constructor(problems: { file: string; line: number; column: string | null; message: string; value?: unknown }[]) {
    super(problems.map((p) => ({ path: p.column === null ? [p.file, p.line] : [p.file, p.line, p.column], message: p.message, value: p.value })));
    const where = (p: (typeof problems)[number]) => `${p.file}:${p.line}${p.column === null ? '' : `: column ${p.column}`}: ${p.message}`;
    // One problem is one line; several get a heading and a line each.
    if (problems.length === 1) this.message = `territory-design: ${where(problems[0])}`;
    else {
      const shown = problems.slice(0, 20).map((p) => `  ${where(p)}`);
      const more = problems.length > 20 ? [`  ... and ${problems.length - 20} more`] : [];
      this.message = [`territory-design: ${problems.length} problems in ${problems[0].file}`, ...shown, ...more].join('\n');
    }
  }
}

type Problem = ConstructorParameters<typeof CsvInputError>[0][number];

/** Rows of a CSV text as header-keyed records, with the 1-based line of each. */
function readRows(text: string, file: string, delimiter: string | undefined): { header: string[]; rows: { line: number; cells: Record<string, string> }[]; sep: string } {
  const body = text.replace(/^\uFEFF/, '');
  if (body.trim() === '') throw new CsvInputError([{ file, line: 1, column: null, message: 'expected a header line and rows, got an empty file' }]);
  const firstLine = body.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const sep = delimiter ?? ([',', ';', '\t'] as const).reduce((best, d) => (firstLine.split(d).length > firstLine.split(best).length ? d : best), ',' as string);
  let records: string[][];
  try {
    records = parse(body, { delimiter: sep, relax_column_count: true, skip_empty_lines: true, info: false }) as string[][];
  } catch (error) {
    const e = error as { lines?: number; message?: string };
    throw new CsvInputError([{ file, line: e.lines ?? 1, column: null, message: `not readable as CSV (${e.message ?? String(error)})` }]);
  }
  const header = records[0].map((h) => h.trim());
  const lineOfHeader = lineNumbers(body, 1)[0];
  const seen = new Set<string>();
  for (const h of header) {
    if (h !== '' && seen.has(h)) throw new CsvInputError([{ file, line: lineOfHeader, column: h, message: `expected each column name once, got ${formatValue(h)} twice` }]);
    seen.add(h);
  }
  // Lines, not records: a quoted cell may span lines, so count the newlines csv-parse consumed.
  const rows: { line: number; cells: Record<string, string> }[] = [];
  const lineOf = lineNumbers(body, records.length);
  for (let r = 1; r < records.length; r++) {
    const cells: Record<string, string> = Object.create(null) as Record<string, string>;
    header.forEach((h, c) => (cells[h] = records[r][c] ?? ''));
    rows.push({ line: lineOf[r], cells });
  }
  return { header, rows, sep };
}

/** The 1-based line on which each record starts (quote-aware), for the first `count` records. */
function lineNumbers(text: string, count: number): number[] {
  const out: number[] = [];
  let line = 1;
  let quoted = false;
  let start = true;
  for (let p = 0; p < text.length && out.length < count; p++) {
    const ch = text[p];
    if (start) {
      if (ch === '\n' || ch === '\r') {
        if (ch === '\n') line++;
        continue; // blank lines are skipped
      }
      out.push(line);
      start = false;
    }
    if (ch === '"') quoted = !quoted;
    else if (ch === '\n') {
      line++;
      if (!quoted) start = true;
    }
  }
  while (out.length < count) out.push(line);
  return out;
}

const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/** A number from a cell, or a problem naming what is wrong with it. Thousands separators are reported. */
function numberCell(raw: string, what: string, problem: (message: string, value: unknown) => void, sep = ','): number | undefined {
  const s = raw.trim();
  // In a ;-separated (European) file, 1.234 is as likely a thousand as a decimal: reported, not guessed.
  const grouped = /^[-+]?\d{1,3}([,. ]\d{3})+([.,]\d+)?$/.test(s) && (sep === ';' || !/^[-+]?\d+\.\d+$/.test(s));
  if (grouped) {
    problem(`expected ${what} without thousands separators (write 1234.5, not 1,234.5), got ${formatValue(raw)}`, raw);
    return undefined;
  }
  // Plain decimal notation only: Number() would also read 0x10, 0b11 and 0o7.
  const n = DECIMAL.test(s) ? Number(s) : NaN;
  if (!Number.isFinite(n)) {
    problem(`expected ${what}, got ${formatValue(raw)}`, raw);
    return undefined;
  }
  return n;
}

/**
 * Accounts from CSV text. Columns by default `id, lat, lon, potential, workload, currentRepId, lockedRepId`
 * (rename any with `columns`); every other column whose cells are all plain decimal numbers becomes an
 * attribute (to name in `balance`; an empty cell there is 0), any other column is ignored. Empty `workload`, `currentRepId`, `lockedRepId` cells mean none. Every problem is reported at
 * once, one line each: `accounts.csv:12: column potential: expected a number, got "12,5"`.
 * @throws CsvInputError (a TerritoryInputError) for an empty file, missing columns or bad cells
 * @example readAccountsCsv('id,lat,lon,potential\nA,40.7,-74,5\n')[0] // => { id: 'A', lat: 40.7, lon: -74, potential: 5 }
 */
export function readAccountsCsv(text: string, options: CsvReadOptions<AccountColumns> = {}): Account[] {
  const file = options.file ?? 'input.csv';
  const col = { id: 'id', lat: 'lat', lon: 'lon', potential: 'potential', workload: 'workload', currentRepId: 'currentRepId', lockedRepId: 'lockedRepId', ...options.columns };
  const { header, rows, sep } = readRows(text, file, options.delimiter);
  const problems: Problem[] = [];
  for (const required of [col.id, col.lat, col.lon, col.potential]) {
    if (!header.includes(required)) problems.push({ file, line: 1, column: required, message: `expected a column named ${formatValue(required)} in the header, got ${header.map((h) => formatValue(h)).join(', ')}` });
  }
  if (problems.length > 0) throw new CsvInputError(problems);
  const known = new Set(Object.values(col));
  const extra = header.filter((h) => !known.has(h) && h !== '');
  // An extra column is an attribute when every non-empty cell of it is a plain number.
  const attributes = extra.filter((h) => rows.every((r) => r.cells[h].trim() === '' || DECIMAL.test(r.cells[h].trim())));
  const accounts: Account[] = [];
  options.lines?.splice(0, options.lines.length, ...rows.map((r) => r.line));
  for (const { line, cells } of rows) {
    const at = (column: string) => (message: string, value: unknown) => problems.push({ file, line, column, message, value });
    const id = cells[col.id].trim();
    if (id === '') at(col.id)('expected an account id, got an empty cell', '');
    const lat = numberCell(cells[col.lat], 'a latitude (a number)', at(col.lat), sep);
    const lon = numberCell(cells[col.lon], 'a longitude (a number)', at(col.lon), sep);
    const potential = numberCell(cells[col.potential], 'a number (the potential)', at(col.potential), sep);
    const account = { id, lat, lon, potential } as Account;
    if (header.includes(col.workload) && cells[col.workload].trim() !== '') {
      const w = numberCell(cells[col.workload], 'a number (the workload)', at(col.workload), sep);
      if (w !== undefined) account.workload = w;
    }
    for (const field of ['currentRepId', 'lockedRepId'] as const) {
      const v = header.includes(col[field]) ? cells[col[field]].trim() : '';
      if (v !== '') account[field] = v;
    }
    if (attributes.length > 0) {
      const values: Record<string, number> = {};
      for (const name of attributes) {
        const raw = cells[name].trim();
        const v = raw === '' ? 0 : Number(raw);
        Object.defineProperty(values, name, { value: v, enumerable: true, writable: true, configurable: true });
      }
      account.attributes = values;
    }
    accounts.push(account);
  }
  if (problems.length > 0) throw new CsvInputError(problems);
  return accounts;
}

/**
 * Reps from CSV text. Columns by default `id, capacity, homeLat, homeLon, maxDistanceKm` (only `id` required;
 * an empty cell means the default). A home needs both coordinates.
 * @throws CsvInputError for an empty file, a missing id column or bad cells
 * @example readRepsCsv('id,capacity\nR-1,0.5\n') // => [{ id: 'R-1', capacity: 0.5 }]
 */
export function readRepsCsv(text: string, options: CsvReadOptions<RepColumns> = {}): Rep[] {
  const file = options.file ?? 'input.csv';
  const col = { id: 'id', capacity: 'capacity', homeLat: 'homeLat', homeLon: 'homeLon', maxDistanceKm: 'maxDistanceKm', ...options.columns };
  const { header, rows, sep } = readRows(text, file, options.delimiter);
  options.lines?.splice(0, options.lines.length, ...rows.map((r) => r.line));
  if (!header.includes(col.id)) {
    throw new CsvInputError([{ file, line: 1, column: col.id, message: `expected a column named ${formatValue(col.id)} in the header, got ${header.map((h) => formatValue(h)).join(', ')}` }]);
  }
  const problems: Problem[] = [];
  const cell = (cells: Record<string, string>, name: string) => (header.includes(name) ? cells[name].trim() : '');
  const reps: Rep[] = rows.map(({ line, cells }) => {
    const at = (column: string) => (message: string, value: unknown) => problems.push({ file, line, column, message, value });
    const rep: Rep = { id: cell(cells, col.id) };
    if (rep.id === '') at(col.id)('expected a rep id, got an empty cell', '');
    if (cell(cells, col.capacity) !== '') rep.capacity = numberCell(cells[col.capacity], 'a number (the capacity)', at(col.capacity), sep);
    const homeLat = cell(cells, col.homeLat);
    const homeLon = cell(cells, col.homeLon);
    if (homeLat !== '' || homeLon !== '') {
      if (homeLat === '' || homeLon === '') at(homeLat === '' ? col.homeLat : col.homeLon)('expected both home coordinates, got one', '');
      else {
        const lat = numberCell(homeLat, 'a latitude (a number)', at(col.homeLat), sep);
        const lon = numberCell(homeLon, 'a longitude (a number)', at(col.homeLon), sep);
        if (lat !== undefined && lon !== undefined) rep.home = { lat, lon };
      }
    }
    if (cell(cells, col.maxDistanceKm) !== '') rep.maxDistanceKm = numberCell(cells[col.maxDistanceKm], 'a number of km', at(col.maxDistanceKm), sep);
    return rep;
  });
  if (problems.length > 0) throw new CsvInputError(problems);
  return reps;
}

/**
 * Assignments from CSV text with the columns `accountId,repId` (as `assignmentsCsv` writes them), for
 * `evaluateTerritories`.
 * @throws CsvInputError for an empty file, missing columns or empty cells
 * @example readAssignmentsCsv('accountId,repId\nA,R-1\n') // => [{ accountId: 'A', repId: 'R-1' }]
 */
export function readAssignmentsCsv(text: string, options: CsvReadOptions<{ accountId?: string; repId?: string }> = {}): Assignment[] {
  const file = options.file ?? 'input.csv';
  const col = { accountId: 'accountId', repId: 'repId', ...options.columns };
  const { header, rows } = readRows(text, file, options.delimiter);
  const problems: Problem[] = [];
  for (const required of [col.accountId, col.repId]) {
    if (!header.includes(required)) problems.push({ file, line: 1, column: required, message: `expected a column named ${formatValue(required)} in the header, got ${header.map((h) => formatValue(h)).join(', ')}` });
  }
  if (problems.length > 0) throw new CsvInputError(problems);
  options.lines?.splice(0, options.lines.length, ...rows.map((r) => r.line));
  const out = rows.map(({ line, cells }) => {
    const accountId = cells[col.accountId].trim();
    const repId = cells[col.repId].trim();
    for (const [name, value] of [[col.accountId, accountId], [col.repId, repId]] as const) {
      if (value === '') problems.push({ file, line, column: name, message: 'expected an id, got an empty cell', value });
    }
    return { accountId, repId };
  });
  if (problems.length > 0) throw new CsvInputError(problems);
  return out;
}

/** One CSV field, quoted when it holds a separator, a quote or a line break (RFC 4180). */
function field(value: unknown): string {
  const s = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The plan's assignments as CSV: `accountId,repId`, one line per account in input order.
 * @example assignmentsCsv(plan).split('\n')[0] // => 'accountId,repId'
 */
export function assignmentsCsv(plan: TerritoryPlan): string {
  return ['accountId,repId', ...plan.assignments.map((a) => `${field(a.accountId)},${field(a.repId)}`)].join('\n') + '\n';
}

/**
 * One line per territory: rep, accounts, then total, target and deviation per balanced measure, mean km to
 * centre, max diameter km, contiguous.
 * @example territoriesCsv(plan).split('\n')[0] // => 'repId,accounts,potential,potential target,potential deviation,meanKm,maxDiameterKm,contiguous'
 */
export function territoriesCsv(plan: TerritoryPlan): string {
  const measures = plan.metrics.balance.map((b) => b.measure);
  const head = ['repId', 'accounts', ...measures.flatMap((m) => [m, `${m} target`, `${m} deviation`]), 'meanKm', 'maxDiameterKm', 'contiguous'];
  const lines = plan.territories.map((t) =>
    [t.repId, t.accountIds.length, ...measures.flatMap((m) => [t.totals[m], t.targets[m], t.deviations[m]]), t.meanDistanceKm, t.maxDiameterKm, t.contiguous].map(field).join(','),
  );
  return [head.map(field).join(','), ...lines].join('\n') + '\n';
}
