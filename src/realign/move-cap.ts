import type { Problem } from '../input/problem.js';
import type { PlanWarning } from '../types.js';
import type { Solved } from '../scale/solve-problem.js';
import { disruptionMetrics } from '../metrics/disruption.js';
import { computeTargets } from '../metrics/targets.js';
import { BandState } from '../rebalance/band-state.js';

/** Times the move charge is raised when a plan moves more than the cap allows, and how often. */
const RAISE = 10;
const RAISES = 3;

/**
 * `disruption.maxMovedShare`: solves, and while the plan moves more than `cap` of the accounts that have a
 * current rep (of their potential with `per: 'potential'`), solves again with every move charge 10x higher,
 * at most 3 times and not past `deadline` (a Lagrangian on the cap: dearer moves, fewer of them). A re-solve
 * replaces the plan only if it moves less and is no further out of band. Over the cap at the end, a
 * `moved-share-exceeded` warning says by how much.
 * O(solves).
 * @example (await withinMoveCap(problem, { share: 0.1, per: 'account' }, solve, Date.now() + 60_000)).assign.length // => problem.n
 */
export async function withinMoveCap(
  problem: Problem,
  cap: { share: number; per: 'account' | 'potential' },
  solve: (problem: Problem) => Promise<Solved>,
  deadline: number,
): Promise<Solved> {
  const movedShare = (solved: Solved) => {
    const d = disruptionMetrics(problem, solved.assign);
    return d === null ? 0 : cap.per === 'potential' ? d.potentialMovedShare : d.accountsMovedShare;
  };
  const band = Float64Array.from(problem.measures, (m) => m.tolerance);
  const violation = (solved: Solved) => new BandState(problem, solved.assign, computeTargets(problem, solved.isolated, solved.assign), band).total();
  let best = await solve(problem);
  if (!problem.realign || cap.share >= 1) return best;
  let bestShare = movedShare(best);
  let bestViolation = violation(best);
  // Raising the charges only ever trades balance for fewer moves: a plan further out of band never wins.
  for (let raise = 1; raise <= RAISES && bestShare > cap.share + 1e-12 && Date.now() < deadline; raise++) {
    const factor = RAISE ** raise;
    const next = await solve({ ...problem, moveCost: problem.moveCost.map((c) => c * factor) });
    const share = movedShare(next);
    const v = violation(next);
    if (v <= bestViolation + 1e-12 && share < bestShare) {
      best = next;
      bestShare = share;
      bestViolation = v;
    }
  }
  if (bestShare <= cap.share + 1e-12) return best;
  const what = cap.per === 'potential' ? 'potential' : 'accounts';
  const warning: PlanWarning = {
    code: 'moved-share-exceeded',
    message: `the plan moves ${(100 * bestShare).toFixed(1)}% of the ${what} that have a current rep, over maxMovedShare ${(100 * cap.share).toFixed(1)}%: balance needs more moves than that (move charges raised up to ${RAISE ** RAISES}x, within timeLimitMs, did not bring it lower)`,
  };
  return { ...best, warnings: [...best.warnings, warning] };
}
