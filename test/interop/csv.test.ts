import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { assignmentsCsv, CsvInputError, designTerritories, readAccountsCsv, readRepsCsv, territoriesCsv, TerritoryInputError } from '../../src/index.js';
import { uniformInstance } from '../support/instances.js';

/** The problem lines of a CsvInputError's message: the one line, or those under the heading. */
function problemLines(read: () => unknown): string[] {
  try {
    read();
  } catch (e) {
    expect(e).toBeInstanceOf(CsvInputError);
    expect(e).toBeInstanceOf(TerritoryInputError);
    const lines = (e as Error).message.split('\n');
    return lines.length === 1 ? [lines[0].replace(/^territory-design: /, '')] : lines.slice(1).map((l) => l.trim());
  }
  throw new Error('expected the read to throw');
}

describe('readAccountsCsv(text, options)', () => {
  it('reads the default columns, quoted fields, a BOM, empty optional cells and numeric extra columns as attributes', () => {
    const text = '\uFEFFid,lat,lon,potential,workload,currentRepId,lockedRepId,region,revenue\n' + 'A-1,40.7,-74,120,3,R-1,,"New York, NY",1000\n' + '"B ""2""",34.05,-118.25,80,,,R-2,LA,\n';
    expect(readAccountsCsv(text, { file: 'accounts.csv' })).toEqual([
      { id: 'A-1', lat: 40.7, lon: -74, potential: 120, workload: 3, currentRepId: 'R-1', attributes: { revenue: 1000 } },
      { id: 'B "2"', lat: 34.05, lon: -118.25, potential: 80, lockedRepId: 'R-2', attributes: { revenue: 0 } },
    ]);
  });

  it('detects ; separators (with decimal points) and maps other column names', () => {
    const text = 'code;y;x;sales\nA;40.5;-74.25;12.5\n';
    expect(readAccountsCsv(text, { columns: { id: 'code', lat: 'y', lon: 'x', potential: 'sales' } })).toEqual([{ id: 'A', lat: 40.5, lon: -74.25, potential: 12.5 }]);
  });

  it('names file, line and column for every bad cell: text in a number column, thousands separators, empty id', () => {
    const text = 'id,lat,lon,potential\nA,40,-74,12\nB,forty,-74,"1,234"\n,41,-75,3\nD,41,-75,1.234.567\n';
    expect(problemLines(() => readAccountsCsv(text, { file: 'accounts.csv' }))).toEqual([
      'accounts.csv:3: column lat: expected a latitude (a number), got "forty"',
      'accounts.csv:3: column potential: expected a number (the potential) without thousands separators (write 1234.5, not 1,234.5), got "1,234"',
      'accounts.csv:4: column id: expected an account id, got an empty cell',
      'accounts.csv:5: column potential: expected a number (the potential) without thousands separators (write 1234.5, not 1,234.5), got "1.234.567"',
    ]);
  });

  it('reads only plain decimals: hex, binary and ambiguous European groupings are reported, not guessed', () => {
    const text = 'id,lat,lon,potential\nA,0x10,-74,1e3\nB,40,-74,0b11\n';
    expect(problemLines(() => readAccountsCsv(text, { file: 'a.csv' }))).toEqual([
      'a.csv:2: column lat: expected a latitude (a number), got "0x10"',
      'a.csv:3: column potential: expected a number (the potential), got "0b11"',
    ]);
    // In a ;-separated file 1.234 may be a thousand: reported. With commas it is a decimal.
    expect(problemLines(() => readAccountsCsv('id;lat;lon;potential\nA;40;-74;1.234\n', { file: 'eu.csv' }))).toEqual([
      'eu.csv:2: column potential: expected a number (the potential) without thousands separators (write 1234.5, not 1,234.5), got "1.234"',
    ]);
    expect(readAccountsCsv('id,lat,lon,potential\nA,40,-74,1.234\n')[0].potential).toBe(1.234);
  });

  it('detects the separator past leading blank lines, and rejects a column named twice', () => {
    expect(readAccountsCsv('\n\nid;lat;lon;potential\nA;1;2;3\n')).toEqual([{ id: 'A', lat: 1, lon: 2, potential: 3 }]);
    expect(problemLines(() => readAccountsCsv('id,lat,lon,potential,lat\nA,1,2,3,4\n', { file: 'd.csv' }))).toEqual(['d.csv:1: column lat: expected each column name once, got "lat" twice']);
  });

  it('counts lines, not records, when a quoted cell spans lines', () => {
    const text = 'id,lat,lon,potential,note\nA,40,-74,1,"two\nlines"\nB,40,-74,x,\n';
    expect(problemLines(() => readAccountsCsv(text, { file: 'a.csv' }))).toEqual(['a.csv:4: column potential: expected a number (the potential), got "x"']);
  });

  it('rejects an empty file and missing columns in one line each', () => {
    expect(problemLines(() => readAccountsCsv('', { file: 'empty.csv' }))).toEqual(['empty.csv:1: expected a header line and rows, got an empty file']);
    expect(problemLines(() => readAccountsCsv('id,latitude,lon,potential\nA,1,2,3\n', { file: 'a.csv' }))).toEqual([
      'a.csv:1: column lat: expected a column named "lat" in the header, got "id", "latitude", "lon", "potential"',
    ]);
  });
});

describe('readRepsCsv(text, options)', () => {
  it('reads capacity, home and distance limit, empty cells as defaults', () => {
    const text = 'id,capacity,homeLat,homeLon,maxDistanceKm\nR-1,0.5,40.7,-74,150\nR-2,,,,\n';
    expect(readRepsCsv(text)).toEqual([{ id: 'R-1', capacity: 0.5, home: { lat: 40.7, lon: -74 }, maxDistanceKm: 150 }, { id: 'R-2' }]);
  });

  it('reports half a home and a bad capacity', () => {
    const text = 'id,capacity,homeLat,homeLon\nR-1,half,40,\n';
    expect(problemLines(() => readRepsCsv(text, { file: 'reps.csv' }))).toEqual([
      'reps.csv:2: column capacity: expected a number (the capacity), got "half"',
      'reps.csv:2: column homeLon: expected both home coordinates, got one',
    ]);
  });
});

describe('assignmentsCsv(plan) and territoriesCsv(plan)', () => {
  it('write CSV that a CSV parser reads back to the plan figures', async () => {
    const input = uniformInstance({ n: 200, k: 4, seed: 3 });
    const accounts = input.accounts.map((a, i) => (i === 0 ? { ...a, id: 'id, with "comma"' } : a));
    const plan = await designTerritories({ accounts, reps: input.reps }, { balance: ['potential', 'workload'], workers: 1 });
    const rows = parse(assignmentsCsv(plan), { columns: true }) as { accountId: string; repId: string }[];
    expect(rows).toEqual(plan.assignments);
    const territories = parse(territoriesCsv(plan), { columns: true }) as Record<string, string>[];
    expect(territories).toHaveLength(4);
    plan.territories.forEach((t, j) => {
      expect(territories[j].repId).toBe(t.repId);
      expect(Number(territories[j].accounts)).toBe(t.accountIds.length);
      expect(Number(territories[j].potential)).toBeCloseTo(t.totals.potential, 6);
      expect(Number(territories[j]['workload deviation'])).toBeCloseTo(t.deviations.workload, 12);
      expect(territories[j].contiguous).toBe(String(t.contiguous));
    });
  });
});
