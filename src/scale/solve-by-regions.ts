import type { Problem } from '../input/problem.js';
import type { NeighborGraph } from '../geo/delaunay-graph.js';
import type { PlanWarning } from '../types.js';
import { isolatedReps, oversizedAccounts } from '../metrics/targets.js';
import { BandState } from '../rebalance/band-state.js';
import { territoryComponents } from '../geo/components.js';
import { splitRegions } from './split-regions.js';
import { partBand, subProblem } from './sub-problem.js';
import { inducedGraph } from '../geo/induced-graph.js';
import type { Solved, SolveSettings } from './solve-problem.js';
import { mergeWarnings } from './merge-warnings.js';
import { planBounds, type PlanBounds } from './plan-bounds.js';
import { within } from '../util/progress.js';
import { localPlan, stitchGroup } from './stitch-group.js';
import { seamPass, SEAMS_MAX_ACCOUNTS } from './seam-pass.js';

/** Least time between two pauses of the stitch (see `stitchRegions`). */
const PAUSE_MS = 50;

/** One region to solve: its problem and where its accounts and reps sit in the whole. */
export interface RegionTask {
  region: number;
  problem: Problem;
  /** The Delaunay graph of all accounts restricted to the region's (so contiguity means what it means globally). */
  graph: NeighborGraph;
  accounts: Int32Array;
  reps: Int32Array;
  seed: number;
}

/**
 * Solves `count` regions, building each task with `task(r)` only when it is about to be handed out, so that
 * building them (a sub-problem and an induced graph each) overlaps the solving of those already handed out.
 * Resolves to the plans in region order.
 */
export type RegionRunner = (count: number, task: (region: number) => RegionTask, settings: SolveSettings) => Promise<Solved[]>;

/**
 * The scale path (DESIGN.md stage 6): split the reps into regions of at most `maxReps` with their accounts,
 * each region holding its capacity share of every measure (`splitRegions`); solve every region on its own by
 * `run`; then stitch: whole-account repair of any band the regions' rounding left broken against the global
 * targets, and contiguity repair across region borders; then one LP pass across the borders (`seamPass`, up
 * to SEAMS_MAX_ACCOUNTS accounts), which redraws the accounts along them over the territories of both sides.
 * Each region's band is narrowed by how far its totals are from its share, so that a rep inside its region's
 * band is inside the global one. The stitch reports to `stitchCheckpoint` after every group of territories it
 * mends and, within one, every 200 repair moves, every 1,024 repair candidates and every contiguity pass; it
 * awaits `pause` between groups, at most once per PAUSE_MS (so an abort can land: at 1,000,000 accounts the
 * stitch ran 6.5-8.3 s in this thread without a report). The seam pass reports and pauses before every seam.
 * @example (await solveByRegions(problem, graph, settings, 50, runInProcess)).assign.length // => problem.n
 */
export async function solveByRegions(
  problem: Problem,
  graph: NeighborGraph,
  settings: SolveSettings,
  maxReps: number,
  run: RegionRunner,
  stitchCheckpoint?: (fraction: number) => void,
  pause: () => Promise<void> = async () => {},
): Promise<Solved & { regions: number; timings: Record<string, number> }> {
  let mark = performance.now();
  const timings: Record<string, number> = {};
  const lap = (name: string) => {
    const now = performance.now();
    timings[name] = Math.round((now - mark) * 10) / 10;
    mark = now;
  };
  // The split reports as the start of the solve (at 1,000,000 accounts it ran 2 s without a report).
  const regions = splitRegions(problem, maxReps, settings.checkpoint && (() => settings.checkpoint!(0)));
  const members = groupByRegion(regions.accountRegion, regions.count);
  const repMembers = groupByRegion(regions.repRegion, regions.count);
  let capacityAll = 0;
  for (let j = 0; j < problem.k; j++) capacityAll += problem.capacity[j];
  const scratch = new Int32Array(problem.n).fill(-1);
  // Built on demand: at 1,000,000 accounts the sub-problems and induced graphs took 3.1 s of this thread,
  // before any worker started.
  const task = (r: number): RegionTask => {
    const accounts = members[r];
    const reps = repMembers[r];
    let capacity = 0;
    for (const j of reps) capacity += problem.capacity[j];
    const tolerance = problem.measures.map((m) => {
      let total = 0;
      for (const i of accounts) total += m.values[i];
      return partBand(m.tolerance, total, m.total * (capacity / capacityAll));
    });
    return { region: r, problem: subProblem(problem, accounts, reps, tolerance), graph: inducedGraph(graph, accounts, scratch), accounts, reps, seed: settings.seed + r };
  };
  lap('split');
  const solved = await run(regions.count, task, settings);
  lap('regions');

  const assign = new Int32Array(problem.n).fill(-1);
  const warnings: PlanWarning[] = [];
  solved.forEach((s, r) => {
    const accounts = members[r];
    const reps = repMembers[r];
    for (let a = 0; a < accounts.length; a++) assign[accounts[a]] = s.assign[a] >= 0 ? reps[s.assign[a]] : -1;
    warnings.push(...s.warnings);
  });
  // Isolated reps are those holding an account too big for any band of the whole problem. A region
  // isolates accounts too big for its own smaller targets; kept, they left the whole plan's targets and
  // metrics disagreeing with `evaluateTerritories` of the same plan (710 x 26, realigned, 100:1 capacity).
  const oversized = oversizedAccounts(problem);
  const isolated = isolatedReps(problem, assign, oversized);
  const globallyOversized = new Set(oversized.map((i) => problem.accountIds[i]));
  for (let w = warnings.length - 1; w >= 0; w--) {
    if (warnings[w].code === 'account-exceeds-band' && !globallyOversized.has(warnings[w].accountId!)) warnings.splice(w, 1);
  }
  // The stitch reports as the first 60% of its stage, the seam pass as the rest.
  stitchCheckpoint?.(0);
  const stitched = await stitchRegions(problem, graph, assign, isolated, { ...settings, checkpoint: within(stitchCheckpoint, 0, 0.6) }, throttled(pause));
  lap('stitch');
  const seamed = problem.n <= SEAMS_MAX_ACCOUNTS ? await seamPass(problem, stitched.assign, { ...stitched.bounds, graph, repRegion: regions.repRegion, regions: regions.count, isolated, settings, checkpoint: within(stitchCheckpoint, 0.6, 0.4), pause: throttled(pause) }) : stitched;
  stitchCheckpoint?.(1);
  lap('seams');
  // Each region reports its own LP failures; a backend failing everywhere would give one warning per region.
  return { assign: seamed.assign, isolated, warnings: mergeWarnings(warnings), regions: regions.count, timings };
}

/** `pause`, run at most once per PAUSE_MS: a pause costs a timer turn (1 ms or more), and hundreds of small
 *  groups would add up. */
function throttled(pause: () => Promise<void>): () => Promise<void> {
  let paused = 0;
  return async () => {
    if (Date.now() - paused < PAUSE_MS) return;
    await pause();
    paused = Date.now();
  };
}

/** Indices grouped by their label, each group in increasing order. O(n). */
function groupByRegion(label: Int32Array, count: number): Int32Array[] {
  const sizes = new Int32Array(count);
  for (let i = 0; i < label.length; i++) sizes[label[i]]++;
  const groups = Array.from(sizes, (s) => new Int32Array(s));
  const fill = new Int32Array(count);
  for (let i = 0; i < label.length; i++) groups[label[i]][fill[label[i]]++] = i;
  return groups;
}

/**
 * Joins the regions' plans. A territory on a region border may be cut in pieces in the Delaunay graph of all
 * accounts (an account of the next region between its parts), and a band may be just off after the regions'
 * rounding. Only those territories and the ones touching them are worked on, each connected group of them as
 * a problem of its own (the global targets, the graph restricted to them): fragments rejoin a neighbour, and
 * whole-account repair restores every band, up to 3 passes. O(n) to find them, then the repairs, whose cost
 * grows with each group's size, not the whole problem's. `settings.checkpoint` gets the share of the groups'
 * accounts done; `pause` runs between groups, at most once per PAUSE_MS.
 */
async function stitchRegions(
  problem: Problem,
  graph: NeighborGraph,
  assignIn: Int32Array,
  isolated: Uint8Array,
  settings: SolveSettings,
  pause: () => Promise<void>,
): Promise<{ assign: Int32Array; isolated: Uint8Array; bounds: PlanBounds }> {
  const { n, k } = problem;
  // The set-up reports too (at 1,000,000 accounts it ran 0.7 s before the first group): at the stitch's start.
  const setUp = settings.checkpoint && (() => settings.checkpoint!(0));
  const bounds = planBounds(problem, assignIn, isolated);
  const { fixed, targets, band } = bounds;
  setUp?.();
  // Past the deadline no group would be worked on: skip finding them (0.05-0.09 s of a run cut by a short
  // `timeLimitMs` at 100,000 accounts).
  if (Date.now() > settings.deadline) return { assign: Int32Array.from(assignIn), isolated, bounds };
  const state = new BandState(problem, assignIn, targets, band);
  setUp?.();
  // Territories to work on, joined into groups: a territory out of band with every territory it touches, a
  // territory in pieces with every territory touching a piece other than its largest.
  const parent = Int32Array.from({ length: k }, (_, j) => j);
  const find = (j: number): number => {
    while (parent[j] !== j) j = parent[j] = parent[parent[j]];
    return j;
  };
  const affected = new Uint8Array(k);
  const joinAround = (i: number) => {
    const j = assignIn[i];
    affected[j] = 1;
    for (let e = graph.offsets[i]; e < graph.offsets[i + 1]; e++) {
      const other = assignIn[graph.neighbors[e]];
      if (other === j) continue;
      affected[other] = 1;
      parent[find(other)] = find(j);
    }
  };
  const outOfBand = new Uint8Array(k);
  for (let j = 0; j < k; j++) if (state.violation(j) > 1e-12) outOfBand[j] = affected[j] = 1;
  for (let i = 0; i < n; i++) if (outOfBand[assignIn[i]]) joinAround(i);
  setUp?.();
  if (settings.contiguity) {
    const pieces = territoryComponents(assignIn, k, graph, setUp);
    for (let j = 0; j < k; j++) for (let c = 1; c < pieces[j].length; c++) for (const i of pieces[j][c]) joinAround(i);
  }
  const groupOf = new Map<number, { reps: number[]; accounts: number[] }>();
  for (let j = 0; j < k; j++) {
    if (!affected[j]) continue;
    const root = find(j);
    if (!groupOf.has(root)) groupOf.set(root, { reps: [], accounts: [] });
    groupOf.get(root)!.reps.push(j);
  }
  setUp?.();
  for (let i = 0; i < n; i++) if (affected[assignIn[i]]) groupOf.get(find(assignIn[i]))!.accounts.push(i);
  setUp?.();
  const assign = Int32Array.from(assignIn);
  let toDo = 0;
  for (const group of groupOf.values()) toDo += group.accounts.length;
  let done = 0;
  const checkpoint = settings.checkpoint;
  for (const group of groupOf.values()) {
    if (Date.now() > settings.deadline) break;
    const reps = Int32Array.from(group.reps);
    const accounts = Int32Array.from(group.accounts);
    const at = toDo > 0 ? done / toDo : 1;
    const local = stitchGroup(problem, graph, localPlan(assign, accounts, reps), accounts, reps, { targets, band, fixed, isolated, contiguity: settings.contiguity, deadline: settings.deadline, checkpoint: checkpoint && (() => checkpoint(at)) });
    accounts.forEach((i, a) => (assign[i] = reps[local[a]]));
    done += accounts.length;
    checkpoint?.(toDo > 0 ? done / toDo : 1);
    await pause();
  }
  return { assign, isolated, bounds };
}


/**
 * A `RegionRunner` that solves the regions one after the other in this thread (the browser, one core).
 * `pause` runs between regions, so that an abort can land while a long run is under way.
 */
export const runInProcess = (solveOne: (task: RegionTask, settings: SolveSettings) => Solved, pause: () => Promise<void>): RegionRunner =>
  async (count, task, settings) => {
    const out: Solved[] = [];
    for (let r = 0; r < count; r++) {
      const checkpoint = settings.checkpoint;
      out.push(solveOne(task(r), { ...settings, checkpoint: checkpoint ? (f) => checkpoint((r + f) / count) : undefined }));
      await pause();
    }
    return out;
  };
