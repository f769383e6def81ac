import type { Problem } from '../input/problem.js';
import type { PlanWarning } from '../types.js';
import type { Solved } from '../scale/solve-problem.js';
import { disruptionMetrics } from '../metrics/disruption.js';

/** Times the move charge is raised when a plan moves more than the cap allows, and how often. */
const RAISE = 10;
const RAISES = 3;

/**
 * `disruption.maxMovedShare`: solves, and while the plan moves more than `cap` of the accounts that have a
 * current rep (of their potential with `per: 'potential'`), solves again with every move charge 10x higher,
 * at most 3 times (a Lagrangian on the cap: dearer moves, fewer of them). Keeps the first plan within the cap,
 * else the one that moved least, with a `moved-share-exceeded` warning saying by how much.
 * O(solves).
 * @example (await withinMoveCap(problem, { share: 0.1, per: 'account' }, solve)).solved.assign.length // => problem.n
 */
export async function withinMoveCap(
  problem: Problem,
  cap: { share: number; per: 'account' | 'potential' },
  solve: (problem: Problem) => Promise<Solved>,
): Promise<Solved> {
  const movedShare = (solved: Solved) => {
    const d = disruptionMetrics(problem, solved.assign);
    return d === null ? 0 : cap.per === 'potential' ? d.potentialMovedShare : d.accountsMovedShare;
  };
  let best = await solve(problem);
  let bestShare = movedShare(best);
  if (!problem.realign || cap.share >= 1) return best;
  for (let raise = 1; raise <= RAISES && bestShare > cap.share + 1e-12; raise++) {
    const factor = RAISE ** raise;
    const dearer = { ...problem, moveCost: problem.moveCost.map((c) => c * factor) };
    const next = await solve(dearer);
    const share = movedShare(next);
    if (share < bestShare) {
      best = next;
      bestShare = share;
    }
  }
  if (bestShare <= cap.share + 1e-12) return best;
  const what = cap.per === 'potential' ? 'potential' : 'accounts';
  const warning: PlanWarning = {
    code: 'moved-share-exceeded',
    message: `the plan moves ${(100 * bestShare).toFixed(1)}% of the ${what} that have a current rep, over maxMovedShare ${(100 * cap.share).toFixed(1)}%: balance needs more moves than that (move charges raised ${RAISE ** RAISES}x did not bring it lower)`,
  };
  return { ...best, warnings: [...best.warnings, warning] };
}
