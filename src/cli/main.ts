/**
 * The `territory-design` command line: `design` draws a plan from CSV files, `evaluate` scores an existing
 * one. Written as `runCli(argv, io)` returning the exit code, so tests run it in-process; `bin.ts` wires it
 * to the process.
 *
 * Exit codes: 0 done (and for `--help`, usage on stdout); 1 the plan misses its band and `--strict` was given;
 * 2 bad input (arguments, unreadable files, cells, and what the engine finds wrong with the records), with
 * the problem on stderr naming the file, line and column.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { designTerritories } from '../design.js';
import { evaluateTerritories } from '../evaluate.js';
import { TerritoryInputError } from '../input/territory-input-error.js';
import { formatPath } from '../input/format-issue.js';
import { assignmentsCsv, CsvInputError, readAccountsCsv, readAssignmentsCsv, readRepsCsv, territoriesCsv } from '../interop/csv.js';
import { toGeoJSON } from '../interop/geojson.js';
import { renderReport } from '../interop/svg.js';
import type { DesignOptions, Progress, Territory, TerritoryInput, TerritoryPlan } from '../types.js';
import { type Column, fixed, formatTable, int, pct, signedPct } from './format-table.js';

/** Where the CLI writes; process streams in `bin.ts`, buffers in tests. */
export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (the progress bar redraws in place there, prints 10% steps elsewhere). */
  stderrIsTty?: boolean;
}

const USAGE = `usage:
  territory-design design --accounts accounts.csv --reps reps.csv [--balance potential,workload]
                          [--tolerance 0.05] [--seed 1] [--out plan.geojson] [--csv assignments.csv]
                          [--territories territories.csv] [--report report.html] [--strict] [--quiet]
  territory-design evaluate --accounts accounts.csv --reps reps.csv --assignments assignments.csv
                          [--balance potential,workload] [--tolerance 0.05] [--strict]
`;

/** Bad arguments: exit code 2 with the message. */
class UsageError extends Error {}

/**
 * Runs the CLI on `argv` (without the node and script paths).
 * @returns the exit code
 * @example await runCli(['design', '--accounts', 'a.csv', '--reps', 'r.csv'], io) // => 0
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let files: Record<string, [string, number[]]> = {};
  try {
    const [command, ...rest] = argv;
    if (command === '--help' || command === '-h' || rest.includes('--help') || rest.includes('-h')) {
      io.stdout(USAGE);
      return 0;
    }
    if (command !== 'design' && command !== 'evaluate') throw new UsageError(command === undefined ? '' : `unknown command ${JSON.stringify(command)}`);
    const { values } = parseArgs({
      args: [...rest],
      options: {
        accounts: { type: 'string' },
        reps: { type: 'string' },
        assignments: { type: 'string' },
        balance: { type: 'string' },
        tolerance: { type: 'string' },
        seed: { type: 'string' },
        out: { type: 'string' },
        csv: { type: 'string' },
        territories: { type: 'string' },
        report: { type: 'string' },
        strict: { type: 'boolean' },
        quiet: { type: 'boolean' },
      },
      strict: true,
    });
    if (!values.accounts) throw new UsageError('--accounts is required');
    if (!values.reps) throw new UsageError('--reps is required');
    const options: DesignOptions = { balance: (values.balance ?? 'potential').split(',').map((s) => s.trim()).filter(Boolean) };
    if (values.tolerance !== undefined) options.tolerance = numberArg('--tolerance', values.tolerance);
    if (values.seed !== undefined) options.seed = numberArg('--seed', values.seed);
    const accountLines: number[] = [];
    const repLines: number[] = [];
    const input: TerritoryInput = {
      accounts: readAccountsCsv(await readText(values.accounts), { file: values.accounts, lines: accountLines }),
      reps: readRepsCsv(await readText(values.reps), { file: values.reps, lines: repLines }),
    };
    // Problems the engine finds later (ranges, duplicate ids, unknown reps) are said by file and line too.
    files = { accounts: [values.accounts, accountLines], reps: [values.reps, repLines] };

    let plan: Pick<TerritoryPlan, 'territories' | 'metrics' | 'warnings'>;
    if (command === 'design') {
      const bar = values.quiet ? undefined : progressBar(io);
      const designed = await designTerritories(input, { ...options, ...(bar ? { onProgress: bar } : {}) });
      plan = designed;
      if (values.out) await writeFile(values.out, `${JSON.stringify(toGeoJSON(designed, input))}\n`);
      if (values.csv) await writeFile(values.csv, assignmentsCsv(designed));
      if (values.territories) await writeFile(values.territories, territoriesCsv(designed));
      if (values.report) await writeFile(values.report, renderReport(designed, input));
    } else {
      if (!values.assignments) throw new UsageError('--assignments is required for evaluate');
      const assignmentLines: number[] = [];
      const rows = readAssignmentsCsv(await readText(values.assignments), { file: values.assignments, lines: assignmentLines });
      files.assignments = [values.assignments, assignmentLines];
      plan = await evaluateTerritories(input, rows, options);
    }
    io.stdout(summary(plan));
    return values.strict && !plan.metrics.feasible ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message ? `territory-design: ${error.message}\n` : ''}${USAGE}`);
      return 2;
    }
    if (error instanceof TerritoryInputError && !(error instanceof CsvInputError)) {
      io.stderr(`territory-design: ${error.issues.map((issue) => inFile(issue.path, issue.message, files)).join('\n  ')}\n`);
      return 2;
    }
    const code = (error as { code?: string }).code;
    if (error instanceof TerritoryInputError || code?.startsWith('ERR_PARSE_ARGS') || /^E[A-Z]+$/.test(code ?? '')) {
      io.stderr(`territory-design: ${(error as Error).message.replace(/^territory-design: /, '')}\n`);
      return 2;
    }
    throw error;
  }
}

/** An engine issue (`accounts[12].lat`) as `file:line: column lat: ...` when the record came from a file. */
function inFile(path: readonly (string | number)[], message: string, files: Record<string, [string, number[]]>): string {
  const [kind, index, field] = path;
  const source = typeof kind === 'string' ? files[kind] : undefined;
  if (!source || typeof index !== 'number' || source[1][index] === undefined) return `${formatPath(path)}: ${message}`;
  return `${source[0]}:${source[1][index]}${field === undefined ? '' : `: column ${String(field)}`}: ${message}`;
}

function numberArg(name: string, raw: string): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n)) throw new UsageError(`${name}: expected a number, got ${JSON.stringify(raw)}`);
  return n;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UsageError(`${file}: no such file`);
    if (code === 'EISDIR') throw new UsageError(`${file}: is a directory, expected a file`);
    if (code && /^E[A-Z]+$/.test(code)) throw new UsageError(`${file}: cannot read it (${code})`);
    throw error;
  }
}

/** A progress reporter on stderr: a redrawn bar on a terminal, a line per 10% elsewhere. */
function progressBar(io: CliIo): (p: Progress) => void {
  let shown = -1;
  return (p) => {
    const percent = Math.floor(p.fraction * 100);
    if (io.stderrIsTty) {
      const filled = Math.round(p.fraction * 30);
      io.stderr(`\r[${'#'.repeat(filled)}${' '.repeat(30 - filled)}] ${String(percent).padStart(3)}% ${p.message.slice(0, 40).padEnd(40)}${p.stage === 'done' ? '\n' : ''}`);
    } else if (Math.floor(percent / 10) > shown || p.stage === 'done') {
      shown = Math.floor(percent / 10);
      io.stderr(`${String(percent).padStart(3)}% ${p.message}\n`);
    }
  };
}

/** The per-territory table and the plan's headline figures. */
function summary(plan: Pick<TerritoryPlan, 'territories' | 'metrics' | 'warnings'>): string {
  const measures = plan.metrics.balance.map((b) => b.measure);
  const columns: Column[] = [
    { header: 'rep', align: 'left' },
    { header: 'accts' },
    ...measures.flatMap((m) => [{ header: m }, { header: 'target' }, { header: 'dev' }]),
    { header: 'mean km' },
    { header: 'contiguous', align: 'left' },
  ];
  const rows = plan.territories.map((t: Territory) => [
    t.repId,
    int(t.accountIds.length),
    ...measures.flatMap((m) => [int(t.totals[m]), int(t.targets[m]), signedPct(t.deviations[m], 2)]),
    fixed(t.meanDistanceKm, 0),
    t.contiguous ? 'yes' : 'no',
  ]);
  const lines = [
    formatTable(columns, rows),
    '',
    `feasible: ${plan.metrics.feasible ? 'yes' : 'no'}`,
    ...plan.metrics.balance.map((b) => `${b.measure}: max deviation ${pct(b.maxDeviation, 2)} (band +-${pct(b.tolerance, 1)}), in band ${pct(b.inBandShare, 0)} of territories`),
    `contiguous: ${pct(plan.metrics.overlap.contiguousShare, 0)} of territories; hull overlap ${pct(plan.metrics.overlap.areaRatio, 2)}`,
    ...plan.warnings.slice(0, 10).map((w) => `warning ${w.code}: ${w.message}`),
  ];
  return `${lines.join('\n')}\n`;
}
