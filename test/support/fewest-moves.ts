/**
 * The exact fewest moves that bring a plan inside the band: a 0-1 program written here from the contract's
 * definitions (not the engine's code), solved by HiGHS (the optional `highs` package). It knows nothing of
 * contiguity, so it is a lower bound for plans that keep every territory in one piece. Used by the tests
 * (small instances, every rep a candidate) and by `bench/realign.ts` (each account's nearest centres).
 */
import { createRequire } from 'node:module';
import type { TerritoryInput } from '../../src/types.js';
import { measureOf } from './check-plan.js';

/** HiGHS's one-shot solve of CPLEX LP text. */
export type HighsSolve = (text: string, options: Record<string, unknown>) => { Status: string; ObjectiveValue: number };

/** HiGHS's `solve`, or null when the optional package is not installed. */
export async function loadHighs(): Promise<HighsSolve | null> {
  try {
    const load = createRequire(import.meta.url)('highs') as () => Promise<{ solve: HighsSolve }>;
    const highs = await load();
    return (text, options) => highs.solve(text, options);
  } catch {
    return null;
  }
}

function unit(lat: number, lon: number): [number, number, number] {
  const p = (lat * Math.PI) / 180;
  const l = (lon * Math.PI) / 180;
  return [Math.cos(p) * Math.cos(l), Math.cos(p) * Math.sin(l), Math.sin(p)];
}

/**
 * Fewest accounts whose rep differs from `owner` (an account `owner` does not know, or whose owner is not
 * among the reps, counts as moved wherever it goes) such that every rep is inside
 * `(1 +- tolerance) x total x capacity share` on every measure. With `candidates`, an account may only go to
 * its nearest that many centres of today's territories (the rep's home where it has one), its owner, and any
 * rep with no centre yet; without, to any rep; with `allowed`, only where it says so. Null when HiGHS proves
 * no such plan, or proves nothing within `timeLimitS` (`status` gets HiGHS's word: 'Infeasible' for the first). With an empty `owner` the count is n whenever a plan
 * exists, so `fewestMoves(...) !== null` answers "is any plan inside the band?".
 * @example fewestMoves(solve, input, owner, ['potential'], 0.05) // => 3
 */
export function fewestMoves(
  solve: HighsSolve,
  input: TerritoryInput,
  owner: ReadonlyMap<string, string>,
  balance: readonly string[],
  tolerance: number,
  opts: {
    candidates?: number;
    timeLimitS?: number;
    allowed?: (account: number, rep: number) => boolean;
    status?: (status: string) => void;
  } = {},
): number | null {
  const reps = input.reps.map((r) => r.id);
  const capacity = input.reps.map((r) => r.capacity ?? 1);
  const capTotal = capacity.reduce((s, c) => s + c, 0);
  const centre = new Map<string, [number, number, number]>();
  for (const r of reps) {
    const s = [0, 0, 0];
    for (const a of input.accounts) {
      if (owner.get(a.id) !== r) continue;
      const v = unit(a.lat, a.lon);
      for (let d = 0; d < 3; d++) s[d] += v[d];
    }
    const len = Math.hypot(s[0], s[1], s[2]);
    if (len > 0) centre.set(r, [s[0] / len, s[1] / len, s[2] / len]);
  }
  for (const r of input.reps) if (r.home) centre.set(r.id, unit(r.home.lat, r.home.lon));
  const allowed = opts.allowed ?? (() => true);
  const candidates = input.accounts.map((a, i) => candidatesOf(a).filter((r) => allowed(i, reps.indexOf(r))));
  if (candidates.some((c) => c.length === 0)) {
    opts.status?.('Infeasible');
    return null;
  }
  function candidatesOf(a: TerritoryInput["accounts"][number]): string[] {
    if (opts.candidates === undefined) return reps;
    const v = unit(a.lat, a.lon);
    const near = reps
      .filter((r) => centre.has(r))
      .map((r) => {
        const c = centre.get(r)!;
        return { r, d: (v[0] - c[0]) ** 2 + (v[1] - c[1]) ** 2 + (v[2] - c[2]) ** 2 };
      })
      .sort((x, y) => x.d - y.d)
      .slice(0, opts.candidates)
      .map((x) => x.r);
    for (const r of reps) if (!centre.has(r)) near.push(r);
    const was = owner.get(a.id);
    if (was !== undefined && reps.includes(was) && !near.includes(was)) near.push(was);
    return near;
  }
  const rows: string[] = [];
  const objective: string[] = [];
  const binaries: string[] = [];
  input.accounts.forEach((a, i) => {
    rows.push(` a${i}: ${candidates[i].map((r) => `x${i}_${r}`).join(' + ')} = 1`);
    for (const r of candidates[i]) {
      binaries.push(`x${i}_${r}`);
      if (r !== owner.get(a.id)) objective.push(`x${i}_${r}`);
    }
  });
  balance.forEach((measure, b) => {
    const total = input.accounts.reduce((s, a) => s + measureOf(a, measure), 0);
    reps.forEach((r, j) => {
      const target = (total * capacity[j]) / capTotal;
      const terms: string[] = [];
      input.accounts.forEach((a, i) => {
        const v = measureOf(a, measure);
        if (candidates[i].includes(r) && v > 0) terms.push(`${(v / target).toFixed(12)} x${i}_${r}`);
      });
      if (terms.length === 0 || !(target > 0)) return;
      rows.push(` lo${b}_${j}: ${terms.join(' + ')} >= ${1 - tolerance}`);
      rows.push(` hi${b}_${j}: ${terms.join(' + ')} <= ${1 + tolerance}`);
    });
  });
  const first = `x0_${candidates[0][0]}`;
  const text = `Minimize\n obj: ${objective.length > 0 ? objective.join(' + ') : `0 ${first}`}\nSubject To\n${rows.join('\n')}\nBinary\n ${binaries.join('\n ')}\nEnd`;
  const result = solve(text, { output_flag: false, time_limit: opts.timeLimitS ?? 60, mip_rel_gap: 1e-9 });
  opts.status?.(result.Status);
  return result.Status === 'Optimal' ? Math.round(result.ObjectiveValue) : null;
}
