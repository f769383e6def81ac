/** Squared chord of about 1 degree: a projection pole at least this far from every point is safe enough. */
const SAFE_CHORD2 = 3e-4;
/** Finest cube-map resolution (cells per face edge) searched for an empty spot: 6 x 64 x 64 cells. */
const FINEST = 64;

/**
 * The centre of a stereographic projection for `n` unit vectors: the projection's pole (the antipode of the
 * returned direction) is kept far from every point, so no point is sent to or near infinity.
 *
 * Algorithm: first the normalised mean direction of the points (least distortion for regional data: the pole
 * lands on the far side of the globe). When that is undefined (points spread over the whole globe) or its
 * antipode lies within about 1 degree of a point, the points are binned on a cube map at resolutions 1, 2,
 * 4, ..., 64 cells per face edge and the pole goes to the centre of an empty cell at the coarsest resolution
 * that has one (so it sits at least about half that cell from every point); when all 24,576 finest cells are
 * occupied, 3 x 3 candidate spots inside the least-filled cell are tried. Of the candidates, the one farthest
 * from its nearest point wins.
 * O(n) (a fixed number of passes).
 * @param xyz interleaved unit vectors (x, y, z per point)
 * @param n number of points
 * @returns the unit vector c of the projection centre; the pole is -c
 * @example stereographicCenter(Float64Array.of(1, 0, 0, 0, 1, 0), 2) // => [0.7071067811865475, 0.7071067811865475, 0]
 */
export function stereographicCenter(xyz: Float64Array, n: number): [number, number, number] {
  let sx = 0, sy = 0, sz = 0;
  for (let i = 0; i < n; i++) {
    sx += xyz[3 * i];
    sy += xyz[3 * i + 1];
    sz += xyz[3 * i + 2];
  }
  const r = Math.hypot(sx, sy, sz);
  let best: [number, number, number] = [0, 0, 1];
  let bestClearance = -1;
  if (r > 1e-9 * n) {
    best = [sx / r, sy / r, sz / r];
    bestClearance = clearance(xyz, n, best);
    if (bestClearance >= SAFE_CHORD2) return best;
  }
  for (const c of gridCandidates(xyz, n)) {
    const d = clearance(xyz, n, c);
    if (d > bestClearance) {
      best = c;
      bestClearance = d;
    }
  }
  return best;
}

/** Smallest squared chord from the pole -c to any point: |v - (-c)|^2 = |v + c|^2. */
function clearance(xyz: Float64Array, n: number, c: readonly number[]): number {
  const [cx, cy, cz] = c;
  let min = Infinity;
  for (let i = 0; i < n; i++) {
    const dx = xyz[3 * i] + cx, dy = xyz[3 * i + 1] + cy, dz = xyz[3 * i + 2] + cz;
    const d = dx * dx + dy * dy + dz * dz;
    if (d < min) min = d;
  }
  return min;
}

/** Cube-map cell of a vector at resolution g: face * g * g + row * g + column. */
function cellOf(x: number, y: number, z: number, g: number): number {
  const ax = Math.abs(x), ay = Math.abs(y), az = Math.abs(z);
  let face: number, u: number, w: number, m: number;
  if (ax >= ay && ax >= az) { face = x > 0 ? 0 : 1; u = y; w = z; m = ax; }
  else if (ay >= az) { face = y > 0 ? 2 : 3; u = z; w = x; m = ay; }
  else { face = z > 0 ? 4 : 5; u = x; w = y; m = az; }
  const iu = Math.min(g - 1, Math.floor(((u / m + 1) / 2) * g));
  const iw = Math.min(g - 1, Math.floor(((w / m + 1) / 2) * g));
  return face * g * g + iw * g + iu;
}

/** Unit vector of cube-map position (face, u, w) with u, w in [-1, 1]; the inverse of `cellOf`'s mapping. */
function cubePoint(face: number, u: number, w: number): [number, number, number] {
  const s = face % 2 === 0 ? 1 : -1;
  let v: [number, number, number];
  if (face < 2) v = [s, u, w];
  else if (face < 4) v = [w, s, u];
  else v = [u, w, s];
  const r = Math.hypot(v[0], v[1], v[2]);
  return [v[0] / r, v[1] / r, v[2] / r];
}

/** Poles (returned as centres, i.e. negated) in empty or sparse cube-map cells. */
function gridCandidates(xyz: Float64Array, n: number): [number, number, number][] {
  const counts = new Uint32Array(6 * FINEST * FINEST);
  for (let i = 0; i < n; i++) counts[cellOf(xyz[3 * i], xyz[3 * i + 1], xyz[3 * i + 2], FINEST)]++;
  const neg = (v: [number, number, number]): [number, number, number] => [-v[0], -v[1], -v[2]];
  // Coarsest first: an empty coarse cell keeps the pole farther from the data than an empty fine one.
  for (let g = 1; g <= FINEST; g *= 2) {
    const f = FINEST / g;
    for (let face = 0; face < 6; face++) {
      for (let row = 0; row < g; row++) {
        for (let col = 0; col < g; col++) {
          let total = 0;
          for (let a = row * f; a < (row + 1) * f && total === 0; a++) {
            for (let b = col * f; b < (col + 1) * f; b++) total += counts[face * FINEST * FINEST + a * FINEST + b];
          }
          if (total === 0) return [neg(cubePoint(face, ((col + 0.5) / g) * 2 - 1, ((row + 0.5) / g) * 2 - 1))];
        }
      }
    }
  }
  let minCell = 0;
  for (let c = 1; c < counts.length; c++) if (counts[c] < counts[minCell]) minCell = c;
  const face = Math.floor(minCell / (FINEST * FINEST));
  const row = Math.floor((minCell % (FINEST * FINEST)) / FINEST);
  const col = minCell % FINEST;
  const out: [number, number, number][] = [];
  for (const fr of [1 / 6, 1 / 2, 5 / 6]) {
    for (const fc of [1 / 6, 1 / 2, 5 / 6]) {
      out.push(neg(cubePoint(face, ((col + fc) / FINEST) * 2 - 1, ((row + fr) / FINEST) * 2 - 1)));
    }
  }
  return out;
}
