/**
 * The exact contender: the allocation MIP around our plan's own centres, solved by HiGHS, so our objective
 * can be compared with the proven optimum of the same problem.
 *
 * Given centres c_j (recomputed from our assignment as each territory's weighted mean unit vector), the MIP is
 *   min  sum_ij w_i |u_i - c_j|^2 x_ij
 *   s.t. sum_j x_ij = 1 for every account i,
 *        (1 - t) T_jb <= sum_i m_ib x_ij <= (1 + t) T_jb for every rep j and balanced measure b,
 *        x_ij binary, and x_ij exists only for j among i's `EXACT_CANDIDATES` nearest centres or i's
 *        territory in our plan (so our plan is always a feasible point and the gap is never negative).
 * w_i = 0.05 + mean over measures of m_ib / mean(m_b) and T_jb = total_b x capacity_j / sum of capacities,
 * the same definitions as `src/input/normalize-input.ts` and `src/rebalance/objective.ts`, written out here
 * again so the benchmark checks the engine instead of trusting it.
 */
import type { TerritoryInput } from '../src/types.js';

/** Candidate centres per account in the MIP (plus the account's own territory in our plan). */
export const EXACT_CANDIDATES = 6;
/** HiGHS time limit per solve, seconds. */
export const EXACT_TIME_LIMIT_S = 60;
/** HiGHS relative MIP gap at which it stops and reports `Optimal`. */
export const EXACT_MIP_REL_GAP = 1e-6;

/** What the exact contender found. */
export interface ExactResult {
  /** `mip-optimal`: HiGHS proved the MIP optimum; `lp-bound`: the MIP hit its limit, gap is to the LP relaxation. */
  bound: 'mip-optimal' | 'lp-bound';
  /** Our objective (weighted squared chord, unit sphere) at our recomputed centres. */
  oursObjective: number;
  /** The MIP optimum, or the LP relaxation's value when `bound` is `lp-bound`. */
  boundObjective: number;
  /** 100 x (ours - bound) / bound: the gap itself when `mip-optimal`, an upper bound on it when `lp-bound`. */
  gapPct: number;
  /** 100 x (ours - incumbent) / incumbent for the best integer solution found (a lower bound on the gap when
   *  the MIP stopped at its limit; equal to `gapPct` when optimal); null without one. */
  incumbentGapPct: number | null;
  /** Rep index per account of the best integer solution HiGHS returned; null when it had none. */
  assign: Int32Array | null;
  /** HiGHS status strings of the solves made. */
  statuses: string[];
  /** Binary variables in the MIP. */
  variables: number;
}

interface Model {
  w: Float64Array;
  xyz: Float64Array;
  centres: Float64Array;
  values: Float64Array[];
  targets: Float64Array[];
}

/** Distance weights, unit vectors, measure columns and targets of `input`, as the engine defines them. O(n B + k). */
function model(input: TerritoryInput, balance: readonly string[], ours: Int32Array): Model {
  const { accounts, reps } = input;
  const n = accounts.length;
  const k = reps.length;
  const B = balance.length;
  const values = balance.map((name) =>
    Float64Array.from(accounts, (a) =>
      name === 'potential' ? a.potential : name === 'workload' ? (a.workload ?? 1) : name === 'accounts' ? 1 : (a.attributes?.[name] ?? 0),
    ),
  );
  const totals = values.map((col) => col.reduce((s, v) => s + v, 0));
  const w = new Float64Array(n).fill(0.05);
  for (let b = 0; b < B; b++) if (totals[b] > 0) for (let i = 0; i < n; i++) w[i] += (values[b][i] / totals[b]) * (n / B);
  const xyz = new Float64Array(3 * n);
  accounts.forEach((a, i) => {
    const phi = (a.lat * Math.PI) / 180;
    const lambda = (a.lon * Math.PI) / 180;
    xyz[3 * i] = Math.cos(phi) * Math.cos(lambda);
    xyz[3 * i + 1] = Math.cos(phi) * Math.sin(lambda);
    xyz[3 * i + 2] = Math.sin(phi);
  });
  const centres = new Float64Array(3 * k);
  for (let i = 0; i < n; i++) for (let d = 0; d < 3; d++) centres[3 * ours[i] + d] += w[i] * xyz[3 * i + d];
  for (let j = 0; j < k; j++) {
    const r = Math.hypot(centres[3 * j], centres[3 * j + 1], centres[3 * j + 2]);
    for (let d = 0; d < 3; d++) centres[3 * j + d] = r > 0 ? centres[3 * j + d] / r : NaN;
  }
  const capSum = reps.reduce((s, r) => s + (r.capacity ?? 1), 0);
  const targets = totals.map((t) => Float64Array.from(reps, (r) => (t * (r.capacity ?? 1)) / capSum));
  return { w, xyz, centres, values, targets };
}

function cost(m: Model, i: number, j: number): number {
  const dx = m.xyz[3 * i] - m.centres[3 * j];
  const dy = m.xyz[3 * i + 1] - m.centres[3 * j + 1];
  const dz = m.xyz[3 * i + 2] - m.centres[3 * j + 2];
  const d = dx * dx + dy * dy + dz * dz;
  return Number.isFinite(d) ? m.w[i] * d : 0;
}

/** Our objective: sum of w_i x squared chord to the centre of i's territory in `assign`. O(n). */
export function assignmentObjective(input: TerritoryInput, balance: readonly string[], assign: Int32Array, centresFrom: Int32Array = assign): number {
  const m = model(input, balance, centresFrom);
  let total = 0;
  for (let i = 0; i < assign.length; i++) total += cost(m, i, assign[i]);
  return total;
}

const num = (x: number): string => (Number.isInteger(x) ? String(x) : x.toPrecision(12));

/**
 * The MIP as CPLEX LP text (and its candidate lists). Objective coefficients are scaled by `scale` so the
 * optimum is near 1,000; band rows are divided by their target so every row reads "share of target in
 * [1 - t, 1 + t]" and no measure's units dominate the solver's tolerances.
 */
export function exactLpText(
  input: TerritoryInput,
  balance: readonly string[],
  tolerance: number,
  ours: Int32Array,
  opts: { integer: boolean; scale: number; candidates?: number },
): { text: string; candidates: Int32Array[] } {
  const m = model(input, balance, ours);
  const n = input.accounts.length;
  const k = input.reps.length;
  const C = Math.min(k, opts.candidates ?? EXACT_CANDIDATES);
  const candidates: Int32Array[] = new Array(n);
  const byRep: number[][] = Array.from({ length: k }, () => []);
  const order = Array.from({ length: k }, (_, j) => j);
  for (let i = 0; i < n; i++) {
    order.sort((a, b) => cost(m, i, a) - cost(m, i, b) || a - b);
    const set = new Set(order.slice(0, C));
    set.add(ours[i]);
    candidates[i] = Int32Array.from([...set].sort((a, b) => a - b));
    for (const j of candidates[i]) byRep[j].push(i);
  }
  const lines: string[] = ['Minimize', ' obj:'];
  for (let i = 0; i < n; i++) for (const j of candidates[i]) lines.push(` + ${num(cost(m, i, j) * opts.scale)} x${i}_${j}`);
  lines.push('Subject To');
  for (let i = 0; i < n; i++) lines.push(` a${i}: ${Array.from(candidates[i], (j) => `x${i}_${j}`).join(' + ')} = 1`);
  for (let b = 0; b < balance.length; b++) {
    for (let j = 0; j < k; j++) {
      const T = m.targets[b][j];
      if (!(T > 0)) continue;
      const terms = byRep[j].filter((i) => m.values[b][i] !== 0).map((i) => ` + ${num(m.values[b][i] / T)} x${i}_${j}`);
      if (terms.length === 0) continue;
      lines.push(` lo${b}_${j}:${terms.join('')} >= ${num(1 - tolerance)}`);
      lines.push(` hi${b}_${j}:${terms.join('')} <= ${num(1 + tolerance)}`);
    }
  }
  lines.push('Bounds');
  for (let i = 0; i < n; i++) for (const j of candidates[i]) lines.push(` 0 <= x${i}_${j} <= 1`);
  if (opts.integer) {
    lines.push('Binary');
    for (let i = 0; i < n; i++) lines.push(` ${Array.from(candidates[i], (j) => `x${i}_${j}`).join(' ')}`);
  }
  lines.push('End');
  return { text: lines.join('\n'), candidates };
}

type Solve = (text: string, options: Record<string, unknown>) => { Status: string; ObjectiveValue: number; Columns: Record<string, { Primal?: number }> };

/** HiGHS's one-shot `solve`, or null when the optional package is not installed. */
export async function loadHighsSolve(): Promise<Solve | null> {
  try {
    const mod = (await import('highs')) as unknown as { default: () => Promise<{ solve: Solve }> };
    const highs = await mod.default();
    return (text, options) => highs.solve(text, options);
  } catch {
    return null;
  }
}

/**
 * Solves the MIP around `ours` (rep index per account) with HiGHS, `EXACT_TIME_LIMIT_S` per solve. When the
 * MIP ends without a proof of optimality, solves its LP relaxation too and measures the gap to that bound.
 */
export function solveExact(solve: Solve, input: TerritoryInput, balance: readonly string[], tolerance: number, ours: Int32Array, timeLimitS = EXACT_TIME_LIMIT_S): ExactResult {
  const oursObjective = assignmentObjective(input, balance, ours);
  const scale = oursObjective > 0 ? 1000 / oursObjective : 1;
  const options = { output_flag: false, time_limit: timeLimitS, mip_rel_gap: EXACT_MIP_REL_GAP };
  const { text, candidates } = exactLpText(input, balance, tolerance, ours, { integer: true, scale });
  const variables = candidates.reduce((s, c) => s + c.length, 0);
  const mip = solve(text, options);
  const statuses = [`mip: ${mip.Status}`];

  let assign: Int32Array | null = null;
  const first = candidates[0]?.[0];
  if (first !== undefined && mip.Columns[`x0_${first}`]?.Primal !== undefined) {
    assign = new Int32Array(candidates.length);
    candidates.forEach((cands, i) => {
      let best = cands[0];
      for (const j of cands) if ((mip.Columns[`x${i}_${j}`]?.Primal ?? 0) > (mip.Columns[`x${i}_${best}`]?.Primal ?? 0)) best = j;
      assign![i] = best;
    });
  }
  if (mip.Status === 'Optimal') {
    const boundObjective = mip.ObjectiveValue / scale;
    const gapPct = (100 * (oursObjective - boundObjective)) / boundObjective;
    return { bound: 'mip-optimal', oursObjective, boundObjective, gapPct, incumbentGapPct: gapPct, assign, statuses, variables };
  }
  const incumbent = assign ? mip.ObjectiveValue / scale : NaN;
  const incumbentGapPct = assign ? (100 * (oursObjective - incumbent)) / incumbent : null;
  const lp = solve(exactLpText(input, balance, tolerance, ours, { integer: false, scale }).text, options);
  statuses.push(`lp: ${lp.Status}`);
  const boundObjective = lp.Status === 'Optimal' ? lp.ObjectiveValue / scale : NaN;
  const gapPct = (100 * (oursObjective - boundObjective)) / boundObjective;
  return { bound: 'lp-bound', oursObjective, boundObjective, gapPct, incumbentGapPct, assign, statuses, variables };
}
