/**
 * GeoJSON in and out (RFC 7946): accounts from a FeatureCollection of Points, and a plan as a
 * FeatureCollection of territory polygons (split at the antimeridian, as `Territory.hull` already is) and
 * account points, with simplestyle colours so any GeoJSON viewer shows it.
 */
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { Account, TerritoryInput, TerritoryPlan } from '../types.js';
import { IssueList } from '../input/issue-list.js';
import { TerritoryInputError } from '../input/territory-input-error.js';

/** Which feature properties hold the account fields. Each defaults to the field's own name. */
export interface GeoJsonMapping {
  /** Property holding the account id; default `'id'`, falling back to the feature's own `id`. */
  id?: string;
  potential?: string;
  workload?: string;
  currentRepId?: string;
  lockedRepId?: string;
  /** Properties read as attributes (numbers, for `balance`). Default none. */
  attributes?: readonly string[];
}

/** 20 distinct colours (Tableau 20), reused in turn for more reps. */
export const PALETTE = [
  '#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac',
  '#a0cbe8', '#ffbe7d', '#ff9d9a', '#86bcb6', '#8cd17d', '#f1ce63', '#d4a6c8', '#fabfd2', '#d7b5a6', '#79706e',
] as const;

/**
 * Accounts from a GeoJSON FeatureCollection of Points (`[lon, lat]`, RFC 7946 order), one per feature, their
 * fields read from `properties` by `mapping`. Every problem is collected and thrown at once, each naming the
 * feature and the property: `features[3].geometry.type: expected "Point", got "Polygon"`. Numbers given as
 * strings are rejected, not coerced. The result still goes through `designTerritories`' own checks (ranges,
 * unique ids). O(features).
 * @throws TerritoryInputError listing every problem found
 * @example fromGeoJSON({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [-74, 40.7] }, properties: { id: 'A', potential: 5 } }] })[0]
 * // => { id: 'A', lat: 40.7, lon: -74, potential: 5 }
 */
export function fromGeoJSON(collection: unknown, mapping: GeoJsonMapping = {}): Account[] {
  const list = new IssueList();
  const fc = collection as { type?: unknown; features?: unknown };
  if (typeof collection !== 'object' || collection === null || fc.type !== 'FeatureCollection' || !Array.isArray(fc.features)) {
    list.expect([], 'a GeoJSON FeatureCollection with a "features" array', collection);
    throw new TerritoryInputError(list.issues, list.count);
  }
  const names = {
    id: mapping.id ?? 'id',
    potential: mapping.potential ?? 'potential',
    workload: mapping.workload ?? 'workload',
    currentRepId: mapping.currentRepId ?? 'currentRepId',
    lockedRepId: mapping.lockedRepId ?? 'lockedRepId',
  };
  const accounts: Account[] = [];
  fc.features.forEach((raw: unknown, f: number) => {
    const feature = raw as { type?: unknown; id?: unknown; geometry?: { type?: unknown; coordinates?: unknown } | null; properties?: unknown };
    if (typeof raw !== 'object' || raw === null || feature.type !== 'Feature') {
      list.expect(['features', f], 'a GeoJSON Feature', raw);
      return;
    }
    const geometry = feature.geometry;
    if (typeof geometry !== 'object' || geometry === null || geometry.type !== 'Point') {
      list.expect(['features', f, 'geometry', 'type'], '"Point"', geometry?.type ?? geometry);
      return;
    }
    const c = geometry.coordinates;
    if (!Array.isArray(c) || c.length < 2 || typeof c[0] !== 'number' || typeof c[1] !== 'number') {
      list.expect(['features', f, 'geometry', 'coordinates'], '[longitude, latitude] numbers', c);
      return;
    }
    const props = (typeof feature.properties === 'object' && feature.properties !== null ? feature.properties : {}) as Record<string, unknown>;
    const at = (name: string) => ['features', f, 'properties', name];
    const id = Object.hasOwn(props, names.id) ? props[names.id] : mapping.id === undefined ? feature.id : undefined;
    const idValue = typeof id === 'number' && Number.isFinite(id) ? String(id) : id;
    if (typeof idValue !== 'string' || idValue.length === 0) list.expect(at(names.id), 'an account id (a non-empty string or a number)', id);
    const potential = props[names.potential];
    if (typeof potential !== 'number') list.expect(at(names.potential), 'a number (the potential)', potential);
    const account: Account = { id: idValue as string, lat: c[1], lon: c[0], potential: potential as number };
    const workload = props[names.workload];
    if (workload !== undefined && workload !== null) {
      if (typeof workload !== 'number') list.expect(at(names.workload), 'a number (the workload)', workload);
      else account.workload = workload;
    }
    for (const field of ['currentRepId', 'lockedRepId'] as const) {
      const value = props[names[field]];
      if (value === undefined || value === null || value === '') continue;
      if (typeof value !== 'string') list.expect(at(names[field]), 'a rep id (string)', value);
      else account[field] = value;
    }
    if (mapping.attributes && mapping.attributes.length > 0) {
      const attributes: Record<string, number> = {};
      for (const name of mapping.attributes) {
        const value = props[name];
        if (typeof value !== 'number') list.expect(at(name), 'a number (an attribute)', value);
        // defineProperty, so an attribute called "__proto__" is a key like any other.
        else Object.defineProperty(attributes, name, { value, enumerable: true, writable: true, configurable: true });
      }
      account.attributes = attributes;
    }
    accounts.push(account);
  });
  if (list.count > 0) throw new TerritoryInputError(list.issues, list.count);
  return accounts;
}

/**
 * A plan as one RFC 7946 FeatureCollection: each territory's hull (a Polygon, or a MultiPolygon split at the
 * antimeridian) with `kind: 'territory'`, its rep id, account count, totals, targets, deviations, contiguity
 * and a colour; then, when `input` is given, each account as a Point (`[lon, lat]`) with `kind: 'account'`,
 * its id, rep and measures. Colours are simplestyle (`fill`, `stroke`, `marker-color`), one per rep in input
 * order, so geojson.io and most viewers draw the plan as is. A territory without a hull (empty, on one spot,
 * in a line, or `hulls: false`) keeps its feature with a null geometry. O(n + k).
 * @example toGeoJSON(plan, input).features[0].properties.kind // => 'territory'
 */
export function toGeoJSON(plan: TerritoryPlan, input?: TerritoryInput): FeatureCollection<Geometry | null> {
  const colour = new Map(plan.territories.map((t, j) => [t.repId, PALETTE[j % PALETTE.length]]));
  const features: Feature<Geometry | null>[] = [];
  for (const t of plan.territories) {
    features.push({
      type: 'Feature',
      // No hull (empty, all on one spot, in a line, or `hulls: false`): the feature stays, with its figures,
      // and a null geometry (RFC 7946 3.2).
      geometry: t.hull ? t.hull.geometry : null,
      properties: {
        kind: 'territory',
        repId: t.repId,
        accounts: t.accountIds.length,
        totals: t.totals,
        targets: t.targets,
        deviations: t.deviations,
        contiguous: t.contiguous,
        fill: colour.get(t.repId),
        'fill-opacity': 0.35,
        stroke: colour.get(t.repId),
        'stroke-width': 1,
      },
    });
  }
  if (input) {
    const owner = new Map(plan.assignments.map((a) => [a.accountId, a.repId]));
    for (const a of input.accounts) {
      const repId = owner.get(a.id) ?? null;
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [a.lon, a.lat] },
        properties: {
          kind: 'account',
          accountId: a.id,
          repId,
          potential: a.potential,
          workload: a.workload ?? 1,
          'marker-color': repId ? colour.get(repId) : '#000000',
          'marker-size': 'small',
        },
      });
    }
  }
  return { type: 'FeatureCollection', features };
}
