/**
 * Public types of territory-design. Every field states its default; `defaultOptions` holds them as values.
 * The shapes here are the contract other apps code against (see DESIGN.md): extend, never break.
 */
import type { Feature, MultiPolygon, Polygon } from 'geojson';

/** A point on the Earth in degrees (WGS 84). */
export interface LatLon {
  /** Latitude in degrees, [-90, 90]. */
  lat: number;
  /** Longitude in degrees, [-180, 180]. */
  lon: number;
}

/** One account (customer, outlet, ZIP, brick) to be given to exactly one rep. */
export interface Account {
  /** Unique id, 1 to 1000 characters (a longer one is reported as bad input, never hashed). */
  id: string;
  /** Latitude in degrees, [-90, 90]. */
  lat: number;
  /** Longitude in degrees, [-180, 180]. */
  lon: number;
  /** Sales potential, finite and >= 0. */
  potential: number;
  /** Workload (visits, hours), finite and >= 0. Default 1. */
  workload?: number;
  /** Further measures by name (finite, >= 0), balanced when named in `balance`. Default none. */
  attributes?: Record<string, number>;
  /** Today's owner (a rep id, at most 1000 characters), for realignment and disruption metrics. Default none. */
  currentRepId?: string;
  /** The rep this account must stay with (a rep id, at most 1000 characters), whatever else happens. Default none. */
  lockedRepId?: string;
}

/** One rep: the owner of one territory. */
export interface Rep {
  /** Unique id, 1 to 1000 characters (a longer one is reported as bad input, never hashed). */
  id: string;
  /** Relative capacity, > 0; a 0.5 rep gets half a full rep's share. Default 1. */
  capacity?: number;
  /** Home location; when given the territory is built around it (its centre is pinned there). Default none. */
  home?: LatLon;
  /** Farthest great-circle km from `home` an account of this rep may lie (a hard limit where some rep can
   *  take the account within its limit; reported where none can). Needs `home`. Default `options.maxDistanceKm`. */
  maxDistanceKm?: number;
}

/** The accounts and reps to design territories for. */
export interface TerritoryInput {
  accounts: readonly Account[];
  reps: readonly Rep[];
}

/** A balanced measure: `'potential'`, `'workload'`, `'accounts'` (the count) or an attribute name. */
export type MeasureName = string;

/** A measure to balance, alone (using the global `tolerance`) or with its own tolerance. */
export type BalanceSpec = MeasureName | { measure: MeasureName; tolerance?: number };

/**
 * Which LP solver runs the rebalancing LPs: javascript-lp-solver (pure JS, always there) or HiGHS (WebAssembly,
 * the optional `highs` package). `'auto'` uses HiGHS where it is installed and the problem has at least 10,000
 * accounts (below, loading it costs more than it saves; `AUTO_HIGHS_MIN_ACCOUNTS`), or is a realignment of at least
 * 200 (`AUTO_HIGHS_MIN_REALIGN_ACCOUNTS`), javascript-lp-solver otherwise.
 */
export type SolverChoice = 'auto' | 'highs' | 'javascript-lp-solver';

/** One progress report of a running design. */
export interface Progress {
  /** The pipeline stage: 'input', 'geo', 'solve', 'stitch' (regions only), 'narrow', 'metrics' or 'done'. */
  stage: string;
  /** Share of the whole run done, in [0, 1], never decreasing. */
  fraction: number;
  /** A line for a person, e.g. 'region 12 of 40 solved'. */
  message: string;
}

/**
 * How realignment charges change against the accounts' `currentRepId`. Giving it turns on realignment: the
 * design starts from today's territories (not a blank map) and every account that leaves its current rep
 * costs `weight`, so a plan already inside the band moves nothing and one outside moves what balance needs.
 */
export interface DisruptionOptions {
  /**
   * Cost of one move, in units of the mean compactness cost of an account in today's plan (its distance
   * weight times its squared distance to today's territory centre), traded against distance wherever the
   * plan must change to reach the band: 1 = a move must save as much as a typical account costs; 0 =
   * incumbents are only the starting point; 1000 = as few moves as balance allows. A plan already inside the
   * band is never redrawn, whatever the weight. Default 1.
   */
  weight?: number;
  /** What a move costs per: each account alike (`'account'`), or its potential over the mean potential
   *  (`'potential'`, so big accounts stay put first). Default `'account'`. */
  per?: 'account' | 'potential';
  /** Largest share of the accounts that have a current rep (of their potential with `per: 'potential'`) that
   *  may move; when balance needs more, moves get dearer until it fits, else a warning says so. Default 1. */
  maxMovedShare?: number;
}

/** Options of `designTerritories` and `evaluateTerritories`. */
export interface DesignOptions {
  /** Measures to balance. Default `['potential']`. */
  balance?: readonly BalanceSpec[];
  /** Relative band around each rep's target, e.g. 0.05 = +-5%. Default 0.05. */
  tolerance?: number;
  /** Seed of the pseudo-random generator; the same input and seed give the same plan. Default 1. */
  seed?: number;
  /** Candidate territories per account in the allocation and the LP (its nearest centres; the early clustering
   *  rounds use twice as many). Default 4. */
  candidates?: number;
  /** LP solver. Default `'auto'`. */
  solver?: SolverChoice;
  /** Soft limit on the whole run in milliseconds; stages stop early and say so in `warnings`. Default 120000. */
  timeLimitMs?: number;
  /** Reattach detached fragments so every territory is connected in the Delaunay graph. Default true. */
  contiguity?: boolean;
  /** Compute territory hulls and the overlap metrics (skip for speed on huge inputs). Default true. */
  hulls?: boolean;
  /** Largest number of accounts solved by the exact account-level LP in one piece. Default 300. */
  exactLpMaxAccounts?: number;
  /** Worker threads for the regions of a large problem, and for a run with a `signal` (Node only; 1 = all in
   *  this thread). Default 0: the machine's cores for regions from 80,000 accounts (below, starting workers
   *  costs more than it saves), one for a run with a `signal`, and one for the Delaunay triangulation from
   *  250,000 accounts. */
  workers?: number;
  /** Realignment against `currentRepId` (see `DisruptionOptions`). Default none: a blank-map design, with
   *  disruption only reported. */
  disruption?: DisruptionOptions;
  /** Farthest great-circle km from a rep's home any of its accounts may lie, for every rep with a home (a
   *  rep's own `maxDistanceKm` overrides it). Default none. */
  maxDistanceKm?: number;
  /** Called with the stage and the share done: between the steps of every stage, and within the long ones
   *  (checking the accounts, clustering rounds, LPs, repair moves, stitch groups, metrics); from 250,000
   *  accounts the triangulation (one call into delaunator, about 1 s at 1,000,000) runs on a worker thread
   *  while this one reports, unless `workers` is 1. */
  onProgress?: (progress: Progress) => void;
  /** Aborts the run: the promise rejects with the signal's reason. Where worker threads are allowed (Node,
   *  `workers` not 1) the solve runs on one and an abort lands within about 200 ms; in this thread only (the
   *  browser, `workers: 1`) it lands between steps, which on large inputs can be seconds apart. */
  signal?: AbortSignal;
}

/** Options with every default filled in. */
export type ResolvedOptions = Required<Omit<DesignOptions, 'balance' | 'onProgress' | 'signal' | 'disruption' | 'maxDistanceKm'>> & {
  balance: readonly { measure: MeasureName; tolerance: number }[];
  /** null when realignment is off. */
  disruption: Required<DisruptionOptions> | null;
  /** Infinity when there is no global limit. */
  maxDistanceKm: number;
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
};

/** The defaults of `DesignOptions`, as one constant. */
export const defaultOptions = {
  balance: ['potential'] as readonly BalanceSpec[],
  tolerance: 0.05,
  seed: 1,
  candidates: 4,
  solver: 'auto' as SolverChoice,
  timeLimitMs: 120_000,
  contiguity: true,
  hulls: true,
  exactLpMaxAccounts: 300,
  workers: 0,
} as const satisfies Required<Omit<DesignOptions, 'onProgress' | 'signal' | 'disruption' | 'maxDistanceKm'>>;

/** The defaults of `DisruptionOptions`. */
export const defaultDisruption = { weight: 1, per: 'account', maxMovedShare: 1 } as const satisfies Required<DisruptionOptions>;

/** One account's owner in a plan. */
export interface Assignment {
  accountId: string;
  repId: string;
}

/** A territory hull: a Polygon, or a MultiPolygon when it crosses the antimeridian (RFC 7946 3.1.9). */
export type TerritoryHull = Feature<Polygon | MultiPolygon, { repId: string }>;

/** One rep's territory in a plan. */
export interface Territory {
  repId: string;
  /** Ids of its accounts, in input order. */
  accountIds: string[];
  /** Totals per balanced measure. */
  totals: Record<MeasureName, number>;
  /** Target per balanced measure: the measure's total times this rep's capacity share (of the reps that
   *  are not isolated; see `isolated`). */
  targets: Record<MeasureName, number>;
  /** Relative deviation (total - target) / target per balanced measure (0 when the target is 0). */
  deviations: Record<MeasureName, number>;
  /** Centre: the rep's home when given, otherwise the weighted centre of its accounts on the sphere. */
  center: LatLon | null;
  /** Convex hull of its accounts (null for fewer than one account, or when `hulls: false`). */
  hull: TerritoryHull | null;
  /** Mean great-circle km from its accounts to its centre. */
  meanDistanceKm: number;
  /** Largest great-circle km between two of its accounts. */
  maxDiameterKm: number;
  /** True when its accounts are connected in the Delaunay graph of all accounts (true when empty). */
  contiguous: boolean;
  /** True when it holds an account too big for any band and was set aside around it. */
  isolated: boolean;
}

/** Balance of one measure across the plan. */
export interface MeasureBalance {
  measure: MeasureName;
  tolerance: number;
  total: number;
  /** Largest |deviation| over territories. */
  maxDeviation: number;
  /** Mean |deviation| over territories. */
  meanAbsDeviation: number;
  /** Share of territories inside the band, [0, 1]. */
  inBandShare: number;
  /** Coefficient of variation of totals / targets. */
  coefficientOfVariation: number;
}

/** How compact the territories are. */
export interface Compactness {
  /** Mean km from each account to its territory's centre. */
  meanDistanceKm: number;
  /** The same, weighted by potential. */
  potentialWeightedDistanceKm: number;
  /** Largest diameter of any territory, km. */
  maxDiameterKm: number;
  /** The optimisation objective: sum of weight x squared chord distance (unit sphere) to the centre. */
  objective: number;
}

/** How much territories overlap or break apart. */
export interface Overlap {
  /** Sum of pairwise hull intersection areas over the sum of hull areas (0 when hulls are off). */
  areaRatio: number;
  /** Share of accounts lying inside another territory's hull. */
  accountsInOtherHullsShare: number;
  /** Share of non-empty territories connected in the Delaunay graph of all accounts. */
  contiguousShare: number;
  /** Reps whose territories are not connected. */
  nonContiguous: string[];
  /** Present only when the overlap's slow path (hulls wider than a hemisphere, polar caps) ran out of its
   *  time: the pairs of hulls not intersected. `areaRatio` is then a lower bound (warning 'overlap-partial'). */
  skippedPairs?: number;
}

/** One rep's change against `currentRepId`. */
export interface RepDisruption {
  repId: string;
  /** Accounts it gets that had another current rep (accounts with none count neither way). */
  gained: number;
  /** Accounts whose current rep it is that go to another rep. */
  lost: number;
  potentialGained: number;
  potentialLost: number;
}

/** Change against the accounts' `currentRepId` (null when no account has one). */
export interface Disruption {
  accountsMoved: number;
  potentialMoved: number;
  /** Per rep, in input order. */
  perRep: RepDisruption[];
  /** accountsMoved over the accounts that have a current rep. */
  accountsMovedShare: number;
  /** potentialMoved over the potential of the accounts that have a current rep. */
  potentialMovedShare: number;
}

/** How far accounts lie from their rep's home, over the accounts of reps with a home. */
export interface HomeDistance {
  /** Mean great-circle km from an account to its rep's home. */
  meanKm: number;
  maxKm: number;
  /** Accounts farther from their rep's home than that rep's `maxDistanceKm`. */
  beyondLimit: number;
}

/** Every figure that scores a plan. */
export interface PlanMetrics {
  /** True only when every territory is inside its band on every balanced measure. */
  feasible: boolean;
  balance: MeasureBalance[];
  compactness: Compactness;
  overlap: Overlap;
  disruption: Disruption | null;
  /** null when no rep has a home. */
  homeDistance: HomeDistance | null;
  /** Milliseconds per pipeline stage. */
  timings: Record<string, number>;
}

/** Something the caller should know about the plan: data, never an exception. */
export interface PlanWarning {
  code:
    | 'account-exceeds-band'
    | 'band-not-met'
    | 'solver-fallback'
    | 'time-limit'
    | 'empty-territory'
    | 'not-contiguous'
    | 'locks-break-band'
    | 'beyond-max-distance'
    | 'moved-share-exceeded'
    | 'no-current-reps'
    | 'overlap-partial';
  message: string;
  accountId?: string;
  repId?: string;
  measure?: MeasureName;
}

/** The result of `designTerritories`. */
export interface TerritoryPlan {
  /** One per account, in input order. */
  assignments: Assignment[];
  /** One per rep, in input order. */
  territories: Territory[];
  metrics: PlanMetrics;
  warnings: PlanWarning[];
}

/** One problem found in the caller's input. */
export interface InputIssue {
  /** Where, as a path: `['accounts', 12, 'lat']`. */
  path: (string | number)[];
  /** Plain message naming the expectation and the value. */
  message: string;
  /** The offending value, when there is one. */
  value?: unknown;
}

/** Result of `safeDesignTerritories`. */
export type SafeResult<T> = { success: true; data: T } | { success: false; error: Error };
