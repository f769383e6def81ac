import type { Problem } from '../input/problem.js';
import type { BalanceContext } from './plan-context.js';
import { BandState } from './band-state.js';
import { accountCost, beyondLimit } from './account-cost.js';
import { PieceCounter } from '../geo/components.js';

/** Trials (moved^2 / 2 x n x k) up to which the search also tries trading two moves for one: about 1 s here.
 *  (Unbounded, it took 25-57 s on 2,000 accounts x 20 reps after a rep left.) */
const TRADE_MAX_TRIALS = 2e6;
/** Work the border-only trades (step 3 on big plans) may do in all, over every pass: one unit per trial
 *  plus one per account a piece count visits (not the pair scan that picks which pairs to try, nor the
 *  border lists: those are O(moved^2) and O(n) a pass, bounded by the deadline only). Bounded per pass only
 *  (2e6 trials), a 694 x 2 realignment on a line took 80 s: each pass found one trade after up to 1.2 million
 *  trials, a third of them counting the pieces of two 350-account territories, and the next pass began again
 *  from the first pair. Within this budget its trades took 1.2 s in all (the realignment 4.9 s, 245 accounts
 *  moved against 206). */
export const TRADE_MAX_WORK = 3e7;

/** Inputs of the move-undoing search. */
export interface FewerMovesContext extends BalanceContext {
  /** The user's band per measure: no step may leave it. */
  band: Float64Array;
  /** Keep every territory in as few pieces as it was. */
  keepContiguous: boolean;
  /** Date.now() after which no further pass starts. */
  deadline: number;
}

/**
 * Takes back moves a realignment made that balance does not need, keeping every band (and, with
 * `keepContiguous`, no territory in more pieces than before, and every account within its rep's distance
 * limit), each step only when it lowers the plan's cost (`accountCost` at `ctx.centers`, move charges included). Over the accounts not with their current rep,
 * first-improvement, until nothing changes:
 * 1. an account goes back to its current rep (one move fewer);
 * 2. (when moved^2 x k <= 2e6) two moved accounts change together: one goes back, the other goes back or to
 *    another rep (one or two fewer);
 * 3. two moved accounts go back while one account still with its current rep leaves it (one fewer): the
 *    trades the steps above cannot find; searched in full while moved^2 / 2 x n x k <= 2e6, else only with
 *    the leaving account on the border of the two territories getting accounts back, each pass going on
 *    from the pair where the last trade was found, within `TRADE_MAX_WORK` over the whole search;
 * 4. (when moved^3 / 6 x (n x k)^2 / 2 <= 2e6, i.e. tiny plans) three moved accounts go back while two
 *    accounts still with their current rep leave it (one fewer).
 * Every step lowers the count of moved accounts, so the search ends. O(passes x moved^2 x n x k) at worst.
 * @example fewerMoves(problem, assign, { ...ctx, band, keepContiguous: true, deadline }).undone // => 3
 */
export function fewerMoves(problem: Problem, assignIn: Int32Array, ctx: FewerMovesContext): { assign: Int32Array; undone: number } {
  const { n, k, current } = problem;
  const assign = Int32Array.from(assignIn);
  const state = new BandState(problem, assign, ctx.targets, ctx.band);
  // Pieces of each territory, kept current: a step changes only the territories it touches, so only those
  // are recounted (over their members and the accounts moving in).
  const counter = ctx.keepContiguous ? new PieceCounter(ctx.graph) : null;
  const members: number[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < n; i++) if (assign[i] >= 0) members[assign[i]].push(i);
  const piecesOf = new Int32Array(k);
  if (counter) for (let j = 0; j < k; j++) piecesOf[j] = counter.count(j, assign, [members[j]]);
  const movable = (i: number) => ctx.fixed[i] < 0 && assign[i] >= 0;
  const home = (i: number) => (current[i] >= 0 && !ctx.closed[current[i]] ? current[i] : -1);
  /** Accounts the piece counts have visited so far (the trades' budget reads it). */
  let countWork = 0;
  const movedList = () => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (movable(i) && home(i) >= 0 && assign[i] !== home(i)) out.push(i);
    return out;
  };
  /** Applies the moves [account, to]; keeps them when every band holds and no territory splits further. */
  const attempt = (moves: [number, number][]): boolean => {
    if (Date.now() > ctx.deadline) return false;
    const from = moves.map(([i]) => assign[i]);
    // Only steps that lower the plan's cost (move charges included: with a small `disruption.weight` a move
    // that buys compactness stays), and never past a rep's distance limit from within one.
    let delta = 0;
    for (let m = 0; m < moves.length; m++) {
      const [i, to] = moves[m];
      if (beyondLimit(problem, i, to) && !beyondLimit(problem, i, from[m])) return false;
      delta += accountCost(problem, ctx.centers, i, to) - accountCost(problem, ctx.centers, i, from[m]);
    }
    if (!(delta < 0)) return false;
    moves.forEach(([i, to], m) => {
      state.move(i, from[m], to);
      assign[i] = to;
    });
    let ok = true;
    const touched = [...new Set([...from, ...moves.map(([, to]) => to)])];
    for (const j of touched) if (state.violation(j) > 1e-12) ok = false;
    let after: number[] = [];
    if (ok && counter) {
      // No more split pieces (beyond the first of each territory) in all than before.
      const arriving = moves.map(([i]) => i);
      for (const j of touched) countWork += members[j].length + arriving.length;
      after = touched.map((j) => counter.count(j, assign, [members[j], arriving]));
      let change = 0;
      touched.forEach((j, t) => (change += Math.max(0, after[t] - 1) - Math.max(0, piecesOf[j] - 1)));
      ok = change <= 0;
    }
    if (!ok) {
      for (let m = moves.length - 1; m >= 0; m--) {
        state.move(moves[m][0], moves[m][1], from[m]);
        assign[moves[m][0]] = from[m];
      }
      return false;
    }
    moves.forEach(([i, to], m) => {
      const list = members[from[m]];
      list[list.indexOf(i)] = list[list.length - 1];
      list.pop();
      members[to].push(i);
    });
    if (counter) touched.forEach((j, t) => (piecesOf[j] = after[t]));
    return true;
  };

  /**
   * What one more move, of an account from territory `from` to `to`, must do for `attempt` to have a chance
   * after the moves [account, to]: every territory those leave outside the band must be touched by it; one
   * clearly above the band must lose the account, one clearly below must gain it (measures are >= 0, so the
   * other way only adds to the excess). Returns the test of the extra move's (from, to), or null when no
   * move can mend it all (a territory both above and below).
   */
  const mendedBy = (moves: [number, number][]): ((from: number, to: number) => boolean) | null => {
    const steps = moves.map(([i, to]) => [i, assign[i], to] as const);
    const leave: number[] = [];
    const arrive: number[] = [];
    const touch: number[] = [];
    const seen = new Set<number>();
    for (const [, from, to] of steps) {
      for (const j of [from, to]) {
        if (seen.has(j)) continue;
        seen.add(j);
        const { total, over, under } = state.excessAfter(j, steps);
        if (!(total > 1e-12)) continue;
        // Monotonicity alone makes the rules exact; the margin of twice the cut is for the loads, which
        // `attempt`'s undo ((x + v) - v) may leave an ulp off between this test and a later trial.
        if (over > 2e-12 && under > 2e-12) return null;
        (over > 2e-12 ? leave : under > 2e-12 ? arrive : touch).push(j);
      }
    }
    // One move leaves one territory and enters one.
    if (leave.length > 1 || arrive.length > 1 || touch.length > 2) return null;
    if (leave.length + arrive.length + touch.length === 0) return () => true;
    return (from, to) => leave.every((j) => j === from) && arrive.every((j) => j === to) && touch.every((j) => j === from || j === to);
  };

  const { offsets, neighbors } = ctx.graph;
  /** Work of `localTrade` over all its calls: its trials and the accounts its piece counts visited. */
  let tradeWork = 0;
  /** Where the last trade was found: the next call starts there (the pairs before it failed just now). */
  let tradeFrom = 0;
  /** Two moved accounts back home, one account on the border of either home out to a territory it touches. */
  const localTrade = (moved: number[]): boolean => {
    const members = new Map<number, number[]>();
    const borderOf = (j: number): number[] => {
      let list = members.get(j);
      if (list) return list;
      list = [];
      for (let i = 0; i < n; i++) {
        if (assign[i] !== j || !movable(i) || home(i) !== j) continue;
        for (let e = offsets[i]; e < offsets[i + 1]; e++) {
          if (assign[neighbors[e]] !== j) {
            list.push(i);
            break;
          }
        }
      }
      members.set(j, list);
      return list;
    };
    const m = moved.length;
    const start = Math.min(tradeFrom, m);
    for (let s = 0; s < m; s++) {
      // From where the last trade was found, round to the start.
      const a = (start + s) % m;
      for (let b = a + 1; b < m; b++) {
        const back: [number, number][] = [[moved[a], home(moved[a])], [moved[b], home(moved[b])]];
        const mends = mendedBy(back);
        if (!mends) continue;
        for (const j of new Set([home(moved[a]), home(moved[b])])) {
          for (const i of borderOf(j)) {
            const seen = new Set<number>();
            for (let e = offsets[i]; e < offsets[i + 1]; e++) {
              const to = assign[neighbors[e]];
              if (to === j || to < 0 || ctx.closed[to] || seen.has(to)) continue;
              seen.add(to);
              if (++tradeWork > TRADE_MAX_WORK || Date.now() > ctx.deadline) return false;
              if (!mends(j, to)) continue;
              const visited = countWork;
              const kept = attempt([...back, [i, to]]);
              tradeWork += countWork - visited;
              if (kept) {
                tradeFrom = a;
                return true;
              }
            }
          }
        }
      }
    }
    return false;
  };

  let undone = 0;
  for (let changed = true; changed && Date.now() < ctx.deadline; ) {
    changed = false;
    let moved = movedList();
    for (const i of moved) {
      if (assign[i] !== home(i) && attempt([[i, home(i)]])) {
        undone++;
        changed = true;
      }
    }
    if (changed) continue;
    moved = movedList();
    if (moved.length * moved.length * k > TRADE_MAX_TRIALS) break;
    pairs: for (let a = 0; a < moved.length; a++) {
      const i = moved[a];
      // The singles failed, most often on a band: only a second move touching every territory the first
      // leaves outside it can succeed (at 2,000 x 20 this skips all but a few of millions of pairs).
      const mends = mendedBy([[i, home(i)]]);
      if (!mends) continue;
      for (let b = 0; b < moved.length; b++) {
        if (a === b) continue;
        const other = moved[b];
        for (let to = 0; to < k; to++) {
          if (to === assign[other] || ctx.closed[to] || !mends(assign[other], to)) continue;
          if (attempt([[i, home(i)], [other, to]])) {
            undone += to === home(other) ? 2 : 1;
            changed = true;
            break pairs;
          }
        }
      }
    }
    if (changed) continue;
    if (((moved.length * moved.length) / 2) * n * k > TRADE_MAX_TRIALS) {
      // Too many for the full search: the same trade, with the account that leaves taken only from the
      // borders of the two territories getting accounts back, to a territory it touches.
      if (localTrade(moved)) {
        undone++;
        changed = true;
      }
      continue;
    }
    trades: for (let a = 0; a < moved.length; a++) {
      for (let b = a + 1; b < moved.length; b++) {
        const back: [number, number][] = [[moved[a], home(moved[a])], [moved[b], home(moved[b])]];
        const mends = mendedBy(back);
        if (!mends) continue;
        for (let i = 0; i < n; i++) {
          if (!movable(i) || home(i) < 0 || assign[i] !== home(i)) continue;
          for (let to = 0; to < k; to++) {
            if (to === assign[i] || ctx.closed[to] || !mends(assign[i], to)) continue;
            if (attempt([...back, [i, to]])) {
              undone++;
              changed = true;
              break trades;
            }
          }
        }
      }
    }
    if (changed) continue;
    // Three moves back for two new ones, while that search stays small (tiny plans a few moves off).
    const trials = ((moved.length ** 3) / 6) * (n * k) ** 2 / 2;
    if (moved.length < 3 || trials > TRADE_MAX_TRIALS) continue;
    const stay: number[] = [];
    for (let i = 0; i < n; i++) if (movable(i) && home(i) >= 0 && assign[i] === home(i)) stay.push(i);
    triples: for (let a = 0; a < moved.length; a++) {
      for (let b = a + 1; b < moved.length; b++) {
        for (let c = b + 1; c < moved.length; c++) {
          for (let x = 0; x < stay.length; x++) {
            for (let y = x + 1; y < stay.length; y++) {
              for (let tx = 0; tx < k; tx++) {
                if (tx === home(stay[x]) || ctx.closed[tx]) continue;
                for (let ty = 0; ty < k; ty++) {
                  if (ty === home(stay[y]) || ctx.closed[ty]) continue;
                  const back = [moved[a], moved[b], moved[c]].map((i) => [i, home(i)] as [number, number]);
                  if (attempt([...back, [stay[x], tx], [stay[y], ty]])) {
                    undone++;
                    changed = true;
                    break triples;
                  }
                }
              }
            }
          }
        }
      }
    }
  }
  return { assign, undone };
}
