export { designTerritories, safeDesignTerritories } from './design.js';
export { evaluateTerritories } from './evaluate.js';
export { TerritoryInputError } from './input/territory-input-error.js';
export { defaultOptions } from './types.js';
export type * from './types.js';
