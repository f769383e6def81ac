/**
 * Hostile input, end to end through `designTerritories` (issue 6, "Trust"): every case ends in a clear
 * `TerritoryInputError` whose issues name the path and the value, or in a correct plan. Never a TypeError
 * from deep inside, never prototype pollution, never a mutated input.
 */
import { describe, expect, it } from 'vitest';
import { designTerritories, evaluateTerritories, readAccountsCsv, readRepsCsv, TerritoryInputError, toGeoJSON } from '../../src/index.js';
import { formatPath } from '../../src/input/format-issue.js';
import { accountSchema } from '../../src/input/schema.js';
import type { Account, DesignOptions, Rep, TerritoryInput, TerritoryPlan } from '../../src/types.js';
import { assignmentProblems, recomputeBalance } from '../support/check-plan.js';
import { finiteProblems } from '../support/finite-numbers.js';
import { deepFreeze, uniformInstance } from '../support/instances.js';

/** The `TerritoryInputError` a design rejects with; fails the test on a plan or on any other error. */
async function inputError(input: unknown, options?: DesignOptions): Promise<TerritoryInputError> {
  let plan: TerritoryPlan;
  try {
    plan = await designTerritories(input as TerritoryInput, options);
  } catch (error) {
    expect(error).toBeInstanceOf(TerritoryInputError);
    return error as TerritoryInputError;
  }
  expect.unreachable(`designTerritories accepted hostile input (${plan.assignments.length} assignments)`);
}

/** `path: message` of each issue, as the error's message spells them. */
const lines = (error: TerritoryInputError) => error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`);

/** A plan is correct: P1 invariants (independent check), figures finite, balance as recomputed. */
function expectCorrect(input: TerritoryInput, plan: TerritoryPlan, measures: string[]): void {
  expect(assignmentProblems(input, plan)).toEqual([]);
  expect(finiteProblems(plan)).toEqual([]);
  const recomputed = recomputeBalance(input, plan, measures);
  for (const [b, r] of recomputed.entries()) {
    expect(plan.metrics.balance[b].measure).toBe(r.measure);
    expect(plan.metrics.balance[b].maxDeviation).toBeCloseTo(r.maxDeviation, 9);
  }
}

/** Object.prototype's own keys, to see that nothing was added to it. */
const prototypeKeys = () => Reflect.ownKeys(Object.prototype).map(String).sort();

const small = (seed = 7, n = 60, k = 4) => uniformInstance({ n, k, seed });

describe('designTerritories(hostile input)', () => {
  it('rejects 1,000,000 accounts with 10,000-character ids per account, quickly and in bounded memory', async () => {
    // Cons strings: each id is a 10,000-character string that shares one prefix, so the test itself needs
    // ~100 MB, not 10 GB. Hashing them (a Set of ids) would flatten every one; validation must not.
    const prefix = 'x'.repeat(10_000);
    const n = 1_000_000;
    const accounts = new Array<Account>(n);
    for (let i = 0; i < n; i++) accounts[i] = { id: prefix + i, lat: 40 + (i % 1000) / 1000, lon: -100 + (i % 997) / 997, potential: 1 };
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const error = await inputError({ accounts, reps: [{ id: 'R-1' }, { id: 'R-2' }] });
    const ms = performance.now() - started;
    const heapGrowth = process.memoryUsage().heapUsed - heapBefore;

    expect(error.issueCount).toBe(n);
    expect(error.issues).toHaveLength(1000);
    expect(error.issues[0].path).toEqual(['accounts', 0, 'id']);
    expect(error.issues[999].path).toEqual(['accounts', 999, 'id']);
    expect(error.issues[0].message).toBe(`expected an id of at most 1000 characters, got "${'x'.repeat(39)}…" (10001 characters)`);
    expect(error.message.split('\n')).toHaveLength(22); // heading, 20 issues, "... and 999980 more"
    expect(error.message).toContain(`accounts[0].id: expected an id of at most 1000 characters, got "${'x'.repeat(39)}…" (10001 characters)`);
    expect(error.message).toContain('... and 999980 more');
    expect(ms).toBeLessThan(5000);
    // Flattening the ids would cost 10 GB (20 GB as two-byte strings); allow generous GC noise.
    expect(heapGrowth).toBeLessThan(500 * 2 ** 20);
  });

  it('rejects an over-long rep id, currentRepId and lockedRepId, naming each', async () => {
    const long = 'r'.repeat(1001);
    const input = small();
    const accounts = input.accounts.map((a, i) => (i === 3 ? { ...a, currentRepId: long } : i === 5 ? { ...a, lockedRepId: long } : a));
    const error = await inputError({ accounts, reps: [...input.reps, { id: long }] });
    expect(lines(error)).toEqual([
      `reps[4].id: expected an id of at most 1000 characters, got "${'r'.repeat(39)}…" (1001 characters)`,
      `accounts[3].currentRepId: expected an id of at most 1000 characters, got "${'r'.repeat(39)}…" (1001 characters)`,
      `accounts[5].lockedRepId: expected an id of at most 1000 characters, got "${'r'.repeat(39)}…" (1001 characters)`,
    ]);
    // The hand-written account check and accountSchema (held equal by a property test) agree on long ids too.
    const parsed = accountSchema.safeParse({ id: long, lat: 0, lon: 0, potential: 1, lockedRepId: long });
    expect(parsed.error?.issues.map((i) => `${formatPath(i.path as (string | number)[])}: ${i.message}`)).toEqual([
      `id: expected an id of at most 1000 characters, got "${'r'.repeat(39)}…" (1001 characters)`,
      `lockedRepId: expected an id of at most 1000 characters, got "${'r'.repeat(39)}…" (1001 characters)`,
    ]);
    const exactly = 'r'.repeat(1000);
    expect(accountSchema.safeParse({ id: exactly, lat: 0, lon: 0, potential: 1 }).success).toBe(true);
  });

  it('designs a correct plan for 2,000 accounts with 1,000-character ids', async () => {
    const input = small(11, 2000, 6);
    const accounts = input.accounts.map((a, i) => ({ ...a, id: `${i}`.padStart(1000, 'y') }));
    const reps = input.reps.map((r, j) => ({ ...r, id: `${j}`.padStart(1000, 'z') }));
    accounts[0] = { ...accounts[0], lockedRepId: reps[2].id, currentRepId: reps[1].id };
    const long = deepFreeze({ accounts, reps });
    const plan = await designTerritories(long, { balance: ['potential'], seed: 3 });
    expectCorrect(long, plan, ['potential']);
    expect(plan.assignments[0].repId).toBe(reps[2].id);
  });

  it('treats __proto__, constructor, toString and hasOwnProperty as plain ids and measure names', async () => {
    const keysBefore = prototypeKeys();
    const names = ['__proto__', 'constructor', 'toString', 'hasOwnProperty'];
    const rows = Array.from({ length: 40 }, (_, i) => {
      const id = i < names.length ? names[i] : `a${i}`;
      const rep = names[i % names.length];
      const lock = i === 5 ? `,"lockedRepId":"__proto__"` : i === 6 ? `,"lockedRepId":"constructor"` : '';
      const attributes = `{"constructor":${(i % 7) + 1},"__proto__":${i % 3},"toString":1,"hasOwnProperty":${i}}`;
      return `{"id":"${id}","lat":${40 + (i % 8) * 0.3},"lon":${-100 + Math.floor(i / 8) * 0.4},"potential":${10 + i},"currentRepId":"${rep}"${lock},"attributes":${attributes},"__proto__":{"polluted":true}}`;
    });
    const accounts = JSON.parse(`[${rows.join(',')}]`) as Account[];
    const reps = JSON.parse('[{"id":"__proto__"},{"id":"constructor"},{"id":"toString"},{"id":"hasOwnProperty"}]') as Rep[];
    const input = deepFreeze({ accounts, reps });
    expect(Object.keys(accounts[0].attributes!)).toContain('__proto__'); // JSON.parse makes it an own key

    for (const balance of [['constructor'], ['__proto__', 'accounts'], ['toString', 'hasOwnProperty']]) {
      const options = { balance, tolerance: 0.2, seed: 5 };
      const plan = await designTerritories(input, options);
      expectCorrect(input, plan, balance);
      expect(plan.assignments[5].repId).toBe('__proto__');
      expect(plan.assignments[6].repId).toBe('constructor');
      expect(plan.territories.map((t) => t.repId)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty']);
      const recomputed = recomputeBalance(input, plan, balance);
      for (const t of plan.territories) {
        for (const record of [t.totals, t.targets, t.deviations]) {
          expect(Object.getPrototypeOf(record)).toBe(Object.prototype);
          expect(Object.keys(record)).toEqual(balance);
          for (const m of balance) expect(typeof Object.getOwnPropertyDescriptor(record, m)?.value).toBe('number');
        }
      }
      plan.territories.forEach((t, j) => balance.forEach((m, b) => expect(t.totals[m]).toBeCloseTo(recomputed[b].totals[j], 6)));
      expect(plan.metrics.disruption?.perRep.map((r) => r.repId)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty']);

      const evaluated = await evaluateTerritories(input, plan.assignments, options);
      expect(evaluated.metrics.balance).toEqual(plan.metrics.balance);

      const geo = toGeoJSON(plan, input);
      expect(geo.features.filter((f) => f.properties?.kind === 'account').map((f) => f.properties?.accountId)).toEqual(accounts.map((a) => a.id));
      const first = geo.features[0].properties as { repId: string; totals: Record<string, number> };
      expect(first.repId).toBe('__proto__');
      expect(Object.keys(first.totals)).toEqual(balance);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(prototypeKeys()).toEqual(keysBefore);
  });

  it('reads __proto__ and constructor through the CSV readers as plain data', async () => {
    const keysBefore = prototypeKeys();
    const csv = [
      'id,lat,lon,potential,lockedRepId,__proto__,constructor',
      '__proto__,40,-100,10,constructor,1,2',
      'constructor,40.5,-100.5,20,,3,4',
      'toString,41,-101,30,,5,6',
      'hasOwnProperty,41.5,-101.5,40,__proto__,7,8',
    ].join('\n');
    const accounts = readAccountsCsv(csv);
    expect(accounts.map((a) => a.id)).toEqual(['__proto__', 'constructor', 'toString', 'hasOwnProperty']);
    expect(Object.keys(accounts[0].attributes!)).toEqual(['__proto__', 'constructor']);
    expect(accounts[0].attributes!.__proto__).toBe(1);
    const reps = readRepsCsv('id,capacity\n__proto__,1\nconstructor,2\n');
    expect(reps.map((r) => r.id)).toEqual(['__proto__', 'constructor']);
    const input = { accounts, reps };
    const plan = await designTerritories(input, { balance: ['__proto__'], tolerance: 0.5 });
    expectCorrect(input, plan, ['__proto__']);
    expect(plan.assignments[0].repId).toBe('constructor');
    expect(plan.assignments[3].repId).toBe('__proto__');
    expect(prototypeKeys()).toEqual(keysBefore);
  });

  it('rejects numbers given as strings, naming the field and the value', async () => {
    const input = small();
    const accounts: unknown[] = input.accounts.slice();
    accounts[4] = { ...input.accounts[4], potential: '12' };
    accounts[9] = { ...input.accounts[9], lat: '40', lon: '-100.5' };
    accounts[11] = { ...input.accounts[11], workload: '3', attributes: { revenue: '7' } };
    const reps: unknown[] = [{ id: 'r0', capacity: '2' }, { id: 'r1', home: { lat: '40', lon: -100 } }];
    const error = await inputError({ accounts, reps });
    expect(lines(error)).toEqual([
      'reps[0].capacity: expected a finite number > 0, got "2"',
      'reps[1].home.lat: expected a number between -90 and 90, got "40"',
      'accounts[4].potential: expected a finite number >= 0, got "12"',
      'accounts[9].lat: expected a number between -90 and 90, got "40"',
      'accounts[9].lon: expected a number between -180 and 180, got "-100.5"',
      'accounts[11].workload: expected a finite number >= 0, got "3"',
      'accounts[11].attributes.revenue: expected a finite number >= 0, got "7"',
    ]);
    expect(error.message).toContain('accounts[4].potential: expected a finite number >= 0, got "12"');
    const idAsNumber = await inputError({ accounts: [{ id: 12, lat: 0, lon: 0, potential: 1 }], reps: [{ id: 3 }] });
    expect(lines(idAsNumber)).toEqual(['reps[0].id: expected a non-empty string, got 3', 'accounts[0].id: expected a non-empty string, got 12']);
  });

  it('rejects potentials, balanced measures and capacities that are each finite but sum past the largest double', async () => {
    const input = small(2, 30, 3);
    const max = Number.MAX_VALUE;
    const huge = input.accounts.map((a) => ({ ...a, potential: 1e307, workload: max, attributes: { revenue: max } }));
    const error = await inputError({ accounts: huge, reps: input.reps }, { balance: ['potential', 'workload', 'revenue'] });
    expect(lines(error)).toEqual(
      ['potential', 'workload', 'attributes.revenue'].map((f) => `accounts: expected ${f} values whose sum is finite, got values that add up to more than ${max} (rescale them: only ratios matter)`),
    );
    // Workload is only summed when balanced; potential always (the metrics weigh distances by it).
    expect(lines(await inputError({ accounts: huge, reps: input.reps }, { balance: ['accounts'] }))).toEqual([
      `accounts: expected potential values whose sum is finite, got values that add up to more than ${max} (rescale them: only ratios matter)`,
    ]);
    const capacities = await inputError({ accounts: input.accounts, reps: [{ id: 'r0', capacity: 1e308 }, { id: 'r1', capacity: 1e308 }] });
    expect(lines(capacities)).toEqual([`reps: expected capacities whose sum is finite, got capacities that add up to more than ${max} (rescale them: only ratios matter)`]);
  });

  it('designs with finite figures from potentials near the largest double whose sum is still finite', async () => {
    const input = small(2, 30, 3);
    // 30 x 1e306 = 3e307: valid, but potential x km overflows a plain weighted sum (was Infinity, and NaN
    // as Infinity / Infinity with one potential at Number.MAX_VALUE).
    for (const potential of [(i: number) => 1e306 + i, (i: number) => (i === 0 ? Number.MAX_VALUE : 0)]) {
      const big = { accounts: input.accounts.map((a, i) => ({ ...a, potential: potential(i) })), reps: input.reps };
      const plan = await designTerritories(big, { balance: ['accounts'] });
      expectCorrect(big, plan, ['accounts']);
      expect(plan.metrics.compactness.potentialWeightedDistanceKm).toBeGreaterThan(0);
      const evaluated = await evaluateTerritories(big, plan.assignments, { balance: ['accounts'] });
      expect(evaluated.metrics.compactness).toEqual(plan.metrics.compactness);
    }
  });

  it('ignores extra fields on accounts, reps and the input, and copies none into the plan', async () => {
    const input = small();
    const plain = await designTerritories(input, { seed: 2 });
    const marker = 'EXTRA-FIELD-MARKER';
    const extra = {
      accounts: input.accounts.map((a) => ({ ...a, crmNote: marker, region: { name: marker }, score: 1e300 })),
      reps: input.reps.map((r) => ({ ...r, email: `${marker}@example.com`, capacityNote: marker })),
      notes: marker,
      options: { balance: ['nonsense'] },
    };
    const plan = await designTerritories(deepFreeze(extra), { seed: 2 });
    expectCorrect(extra, plan, ['potential']);
    expect(plan.assignments).toEqual(plain.assignments);
    expect(plan.metrics.balance).toEqual(plain.metrics.balance);
    const json = JSON.stringify({ ...plan, metrics: { ...plan.metrics, timings: {} } });
    expect(json).not.toContain(marker);
    expect(json).not.toContain('crmNote');
    expect(json).not.toContain('1e+300');
  });

  it('rejects sparse accounts and reps arrays, naming each hole', async () => {
    const input = small();
    const accounts = input.accounts.slice();
    delete accounts[3];
    accounts.length = 65; // holes at 60..64 too
    const reps = input.reps.slice();
    delete reps[1];
    const error = await inputError({ accounts, reps });
    expect(lines(error)).toEqual([
      'reps[1]: expected a rep, got an empty slot (sparse array)',
      ...[3, 60, 61, 62, 63, 64].map((i) => `accounts[${i}]: expected an account, got an empty slot (sparse array)`),
    ]);
    // An explicit undefined is not a hole, and is named as what it is.
    const explicit = input.accounts.slice();
    explicit[2] = undefined as unknown as Account;
    expect(lines(await inputError({ accounts: explicit, reps: input.reps }))).toEqual(['accounts[2]: expected an account object, got undefined']);
  });

  it('designs from deep-frozen input exactly as from the same input unfrozen', async () => {
    const input = small(5, 120, 5);
    const accounts = input.accounts.map((a, i) => ({ ...a, attributes: { revenue: i % 9 }, ...(i % 10 === 0 ? { lockedRepId: `r${i % 5}` } : {}) }));
    const reps = input.reps.map((r, j) => (j === 0 ? { ...r, home: { lat: 40, lon: -100 } } : r));
    const options = { balance: ['potential', { measure: 'revenue', tolerance: 0.2 }], seed: 9 };
    const plain = await designTerritories({ accounts, reps }, options);
    const frozenInput = deepFreeze(structuredClone({ accounts, reps }));
    const frozenOptions = deepFreeze(structuredClone(options));
    const frozen = await designTerritories(frozenInput, frozenOptions);
    expectCorrect(frozenInput, frozen, ['potential', 'revenue']);
    expect({ ...frozen, metrics: { ...frozen.metrics, timings: {} } }).toEqual({ ...plain, metrics: { ...plain.metrics, timings: {} } });
    expect(frozenInput).toEqual({ accounts, reps });
  });

  it('designs through transparent Proxies around every account, attribute record and array, as without them', async () => {
    const input = small(8, 80, 4);
    const accounts = input.accounts.map((a, i) => ({ ...a, attributes: { revenue: i % 5 }, ...(i === 7 ? { lockedRepId: 'r3' } : {}) }));
    const plainInput = { accounts, reps: input.reps };
    const options = { balance: ['potential', 'revenue'], tolerance: 0.15, seed: 4 };
    const plain = await designTerritories(plainInput, options);
    const proxied = new Proxy(
      {
        accounts: new Proxy(accounts.map((a) => new Proxy({ ...a, attributes: new Proxy({ ...a.attributes }, {}) }, {})), {}),
        reps: new Proxy(input.reps.map((r) => new Proxy(r, {})), {}),
      },
      {},
    );
    const plan = await designTerritories(proxied, options);
    expectCorrect(plainInput, plan, ['potential', 'revenue']);
    expect(plan.assignments).toEqual(plain.assignments);
    expect(plan.metrics.balance).toEqual(plain.metrics.balance);
  });

  it('reports an account or rep whose getter throws as a TerritoryInputError naming it', async () => {
    const input = small();
    const trap = <T extends object>(what: string): ProxyHandler<T> => ({
      get(target, key) {
        if (key === 'lat' || key === 'id') throw new Error(`${what} is locked by the CRM`);
        return Reflect.get(target, key);
      },
    });
    const accounts = input.accounts.slice();
    accounts[6] = new Proxy({ ...accounts[6] }, trap<Account>('row 6'));
    const byGetter = input.accounts.slice();
    Object.defineProperty((byGetter[2] = { ...byGetter[2] }), 'potential', {
      enumerable: true,
      get() {
        throw new TypeError("Cannot read properties of undefined (reading 'potential')");
      },
    });
    const error = await inputError({ accounts, reps: input.reps });
    expect(lines(error)).toEqual(['accounts[6]: expected a readable account, got an error reading it: row 6 is locked by the CRM']);
    const getterError = await inputError({ accounts: byGetter, reps: input.reps });
    expect(lines(getterError)).toEqual([
      "accounts[2]: expected a readable account, got an error reading it: Cannot read properties of undefined (reading 'potential')",
    ]);
    const reps = input.reps.slice();
    reps[1] = new Proxy({ ...reps[1] }, trap<Rep>('rep 1'));
    const repError = await inputError({ accounts: input.accounts, reps });
    expect(lines(repError)).toEqual(['reps[1]: expected a readable rep, got an error reading it: rep 1 is locked by the CRM']);
    const throwingArray = new Proxy(input.accounts.slice(), {
      get(target, key) {
        if (key === '10') throw new Error('page 2 failed to load');
        return Reflect.get(target, key);
      },
    });
    expect(lines(await inputError({ accounts: throwingArray, reps: input.reps }))).toEqual([
      'accounts[10]: expected a readable account, got an error reading it: page 2 failed to load',
    ]);
  });

  it('reports the accounts or reps list, its length, or an option whose read throws, naming it', async () => {
    const input = small();
    const boom = (what: string) => () => {
      throw new Error(`${what} is locked`);
    };
    const withGetter = <T extends object>(target: T, key: string, what: string): T => Object.defineProperty(target, key, { enumerable: true, get: boom(what) });
    expect(lines(await inputError(withGetter({ reps: input.reps }, 'accounts', 'the account list')))).toEqual([
      'accounts: expected a readable array of accounts, got an error reading it: the account list is locked',
    ]);
    expect(lines(await inputError(withGetter({ accounts: input.accounts }, 'reps', 'the rep list')))).toEqual([
      'reps: expected a readable array of reps, got an error reading it: the rep list is locked',
    ]);
    const noLength = new Proxy(input.accounts.slice(), { get: (target, key) => (key === 'length' ? boom('the length')() : Reflect.get(target, key)) });
    expect(lines(await inputError({ accounts: noLength, reps: input.reps }))).toEqual([
      'accounts: expected a readable array of accounts, got an error reading it: the length is locked',
    ]);
    // An option's getter, an options Proxy whose keys cannot be listed, and a getter deeper inside an option.
    expect(lines(await inputError(input, withGetter({ seed: 3 }, 'tolerance', 'the tolerance') as DesignOptions))).toEqual([
      'options.tolerance: expected a readable value, got an error reading it: the tolerance is locked',
    ]);
    expect(lines(await inputError(input, new Proxy({}, { ownKeys: boom('the option list') }) as DesignOptions))).toEqual([
      'options: expected a readable options object, got an error reading it: the option list is locked',
    ]);
    const balance = withGetter([] as unknown[], '0', 'the first measure');
    expect(lines(await inputError(input, { balance } as unknown as DesignOptions))).toEqual([
      'options: expected a readable options object, got an error reading it: the first measure is locked',
    ]);
  });

  it('rejects a value that passed the checks and then changed (a getter answering twice), naming it', async () => {
    const input = small(9, 60, 4);
    /** Account `at` whose `field` reads `first` the first time and `later` ever after. */
    const shifty = (at: number, field: string, first: unknown, later: unknown) => {
      const accounts = input.accounts.slice();
      let reads = 0;
      accounts[at] = new Proxy({ ...accounts[at] }, {
        get: (target, key) => (key === field ? (reads++ === 0 ? first : later) : Reflect.get(target, key)),
      });
      return { accounts, reps: input.reps };
    };
    expect(lines(await inputError(shifty(9, 'lat', 40, 1000)))).toEqual([
      'accounts[9].lat: expected a number between -90 and 90, got 1000 (changed after it was checked)',
    ]);
    expect(lines(await inputError(shifty(3, 'potential', 5, NaN)))).toEqual([
      'accounts[3].potential: expected a finite number >= 0, got NaN (changed after it was checked)',
    ]);
    expect(lines(await inputError(shifty(5, 'workload', 2, -1), { balance: ['potential', 'workload'] }))).toEqual([
      'accounts[5].workload: expected a finite number >= 0, got -1 (changed after it was checked)',
    ]);
    // An id changed into another account's id would give one id two owners: whichever read sees it says so.
    expect(lines(await inputError(shifty(20, 'id', 'fresh', input.accounts[4].id)))).toEqual([expect.stringMatching(/^accounts\[(4|20)\]\.id: .*"a4"/)]);
    const reps = input.reps.slice();
    let capacityReads = 0;
    reps[2] = new Proxy({ ...reps[2] }, { get: (t, key) => (key === 'capacity' ? (capacityReads++ === 0 ? 1 : 0) : Reflect.get(t, key)) });
    expect(lines(await inputError({ accounts: input.accounts, reps }))).toEqual([
      'reps[2].capacity: expected a finite number > 0, got 0 (changed after it was checked)',
    ]);
    // The same getters answering the same each time design as plain data does.
    const steady = await designTerritories(shifty(9, 'lat', input.accounts[9].lat, input.accounts[9].lat), { seed: 2 });
    expect(steady.assignments).toEqual((await designTerritories(input, { seed: 2 })).assignments);
  });

  it('designs correctly from accessor properties with side effects and from null-prototype objects', async () => {
    const input = small(3, 50, 3);
    const plain = await designTerritories(input, { balance: ['potential', 'workload'], seed: 6 });
    let reads = 0;
    const accounts = input.accounts.map((a) => {
      const o = Object.create(null) as Record<string, unknown>;
      for (const [key, value] of Object.entries(a)) {
        Object.defineProperty(o, key, {
          enumerable: true,
          get() {
            reads++;
            return value;
          },
        });
      }
      return o as unknown as Account;
    });
    const reps = input.reps.map((r) => Object.assign(Object.create(null) as Rep, r));
    const hostile = { accounts, reps };
    const plan = await designTerritories(hostile, { balance: ['potential', 'workload'], seed: 6 });
    expectCorrect(input, plan, ['potential', 'workload']);
    expect(plan.assignments).toEqual(plain.assignments);
    expect(plan.metrics.balance).toEqual(plain.metrics.balance);
    expect(reads).toBeGreaterThan(0);
    const withNullAttributes = input.accounts.map((a, i) => ({ ...a, attributes: Object.assign(Object.create(null) as Record<string, number>, { revenue: i % 4 }) }));
    const attributed = { accounts: withNullAttributes, reps: input.reps };
    const byAttribute = await designTerritories(attributed, { balance: ['revenue'], tolerance: 0.2, seed: 6 });
    expectCorrect(attributed, byAttribute, ['revenue']);
  });
});
