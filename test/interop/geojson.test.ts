import { describe, expect, it } from 'vitest';
import type { Position } from 'geojson';
import { designTerritories, fromGeoJSON, toGeoJSON, TerritoryInputError } from '../../src/index.js';
import type { TerritoryInput } from '../../src/types.js';
import { ANTIMERIDIAN_BBOX, deepFreeze, uniformInstance } from '../support/instances.js';

/** Signed area of a ring in lon/lat degrees (shoelace): > 0 for counter-clockwise. */
function signedArea(ring: Position[]): number {
  let a = 0;
  for (let p = 0; p + 1 < ring.length; p++) a += ring[p][0] * ring[p + 1][1] - ring[p + 1][0] * ring[p][1];
  return a / 2;
}

/** RFC 7946 problems of a polygon's rings: closed, >= 4 positions, finite lon/lat in range, exterior
 *  counter-clockwise and holes clockwise (the right-hand rule, 3.1.6). */
function polygonProblems(rings: Position[][], where: string): string[] {
  const out: string[] = [];
  rings.forEach((ring, r) => {
    const first = ring[0];
    const last = ring[ring.length - 1];
    if (ring.length < 4) out.push(`${where} ring ${r}: ${ring.length} positions`);
    if (first[0] !== last[0] || first[1] !== last[1]) out.push(`${where} ring ${r}: not closed`);
    for (const [lon, lat] of ring) {
      if (!Number.isFinite(lon) || !Number.isFinite(lat) || lon < -180 || lon > 180 || lat < -90 || lat > 90) out.push(`${where} ring ${r}: bad position ${lon},${lat}`);
    }
    const area = signedArea(ring);
    if (r === 0 && !(area > 0)) out.push(`${where} ring 0: not counter-clockwise (area ${area})`);
    if (r > 0 && !(area < 0)) out.push(`${where} ring ${r}: hole not clockwise`);
  });
  return out;
}

function featureCollection(input: TerritoryInput) {
  return {
    type: 'FeatureCollection',
    features: input.accounts.map((a) => ({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [a.lon, a.lat] },
      properties: { id: a.id, potential: a.potential, workload: a.workload, extra: 'ignored' },
    })),
  };
}

describe('toGeoJSON(plan, input)', () => {
  it('writes valid RFC 7946 territory polygons with totals and colours, then every account as a Point', async () => {
    const input = uniformInstance({ n: 400, k: 6, seed: 2 });
    const plan = await designTerritories(input, { balance: ['potential', 'workload'], workers: 1 });
    const fc = toGeoJSON(plan, input);
    const territories = fc.features.filter((f) => f.properties?.kind === 'territory');
    const accounts = fc.features.filter((f) => f.properties?.kind === 'account');
    expect(territories).toHaveLength(6);
    expect(accounts).toHaveLength(400);
    const problems: string[] = [];
    for (const f of territories) {
      const g = f.geometry;
      if (g === null) problems.push(`${f.properties!.repId}: no geometry`);
      else if (g.type === 'Polygon') problems.push(...polygonProblems(g.coordinates, f.properties!.repId));
      else if (g.type === 'MultiPolygon') g.coordinates.forEach((p, i) => problems.push(...polygonProblems(p, `${f.properties!.repId}[${i}]`)));
      else problems.push(`${f.properties!.repId}: ${g.type}`);
    }
    expect(problems).toEqual([]);
    const t0 = plan.territories[0];
    expect(territories[0].properties).toMatchObject({ repId: t0.repId, accounts: t0.accountIds.length, totals: t0.totals, targets: t0.targets, deviations: t0.deviations, fill: '#4e79a7' });
    const owner = new Map(plan.assignments.map((a) => [a.accountId, a.repId]));
    accounts.forEach((f, i) => {
      expect(f.geometry).toEqual({ type: 'Point', coordinates: [input.accounts[i].lon, input.accounts[i].lat] });
      expect(f.properties).toMatchObject({ accountId: input.accounts[i].id, repId: owner.get(input.accounts[i].id) });
    });
    expect(nonFinite(fc)).toEqual([]);
  });

  it('splits a territory across the antimeridian into a MultiPolygon whose parts stay within [-180, 180]', async () => {
    const input = uniformInstance({ n: 200, k: 2, seed: 4, bbox: ANTIMERIDIAN_BBOX });
    const plan = await designTerritories(input, { workers: 1 });
    const fc = toGeoJSON(plan);
    expect(fc.features.some((f) => f.geometry?.type === 'MultiPolygon')).toBe(true);
    for (const f of fc.features) {
      if (!f.geometry) continue;
      const polys = f.geometry.type === 'MultiPolygon' ? f.geometry.coordinates : f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : [];
      for (const p of polys) expect(polygonProblems(p, f.properties!.repId)).toEqual([]);
    }
  });

  it('keeps a territory with no hull (accounts on one spot, or in a line) as a feature with a null geometry', async () => {
    // Twelve accounts along one meridian: no territory has an area to draw.
    const accounts = Array.from({ length: 12 }, (_, i) => ({ id: `a${i}`, lat: 10 + i, lon: 20, potential: 1 }));
    const plan = await designTerritories({ accounts, reps: [{ id: 'r0' }, { id: 'r1' }] }, { workers: 1 });
    expect(plan.territories.map((t) => t.hull)).toEqual([null, null]);
    const fc = toGeoJSON(plan);
    expect(fc.features.map((f) => [f.properties?.repId, f.geometry, f.properties?.accounts])).toEqual([['r0', null, 6], ['r1', null, 6]]);
    expect(nonFinite(fc)).toEqual([]);
  });
});

/** Paths of every number in `value` that is not finite (JSON.stringify would hide NaN as null). */
function nonFinite(value: unknown, path = ''): string[] {
  if (typeof value === 'number') return Number.isFinite(value) ? [] : [path];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([k, v]) => nonFinite(v, `${path}.${k}`));
}

describe('fromGeoJSON(featureCollection, mapping)', () => {
  it('reads Points with properties into accounts that design like the originals', async () => {
    const input = deepFreeze(uniformInstance({ n: 120, k: 3, seed: 5 }));
    const fc = deepFreeze(featureCollection(input));
    const accounts = fromGeoJSON(fc);
    expect(accounts).toEqual(input.accounts.map((a) => ({ id: a.id, lat: a.lat, lon: a.lon, potential: a.potential, workload: a.workload })));
    const a = await designTerritories({ accounts, reps: input.reps }, { workers: 1 });
    const b = await designTerritories(input, { workers: 1 });
    expect(a.assignments).toEqual(b.assignments);
  });

  it('maps other property names, reads attributes and feature ids', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', id: 7, geometry: { type: 'Point', coordinates: [10, 50] }, properties: { sales: 3, visits: 2, owner: 'R-1' } },
      ],
    };
    const accounts = fromGeoJSON(fc, { potential: 'sales', workload: 'visits', currentRepId: 'owner', attributes: ['sales'] });
    expect(accounts).toEqual([{ id: '7', lat: 50, lon: 10, potential: 3, workload: 2, currentRepId: 'R-1', attributes: { sales: 3 } }]);
  });

  it('names the feature and property of every problem, one line each', () => {
    const fc = {
      type: 'FeatureCollection',
      features: [
        { type: 'Feature', geometry: { type: 'Polygon', coordinates: [] }, properties: { id: 'a', potential: 1 } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [1, 2] }, properties: { id: 'b', potential: '12' } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: [1, 2] }, properties: { potential: 3 } },
        { type: 'Feature', geometry: { type: 'Point', coordinates: ['x', 2] }, properties: { id: 'd', potential: 3 } },
      ],
    };
    let error: unknown;
    try {
      fromGeoJSON(fc);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TerritoryInputError);
    const lines = (error as TerritoryInputError).message.split('\n').slice(1).map((l) => l.trim());
    expect(lines).toEqual([
      'features[0].geometry.type: expected "Point", got "Polygon"',
      'features[1].properties.potential: expected a number (the potential), got "12"',
      'features[2].properties.id: expected an account id (a non-empty string or a number), got undefined',
      'features[3].geometry.coordinates: expected [longitude, latitude] numbers, got an array',
    ]);
    expect(() => fromGeoJSON({ type: 'Feature' })).toThrow(/expected a GeoJSON FeatureCollection/);
  });
});
