export { designTerritories, safeDesignTerritories } from './design.js';
export { evaluateTerritories } from './evaluate.js';
export { TerritoryInputError } from './input/territory-input-error.js';
export { defaultOptions } from './types.js';
export type * from './types.js';
export { addRep, removeRep, rebalance } from './realign/what-if.js';
export type { Alignment, AccountMove, PlanDiff, Realigned } from './realign/what-if.js';
export { fromGeoJSON, toGeoJSON } from './interop/geojson.js';
export type { GeoJsonMapping } from './interop/geojson.js';
