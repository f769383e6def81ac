/**
 * Degrees to a unit vector on the sphere and back. Squared chord distance between unit vectors is a smooth,
 * seam-free stand-in for great-circle distance: chord^2 = 2 - 2 cos(angle).
 */
const RAD = Math.PI / 180;

/** Writes the unit vector of (lat, lon) in degrees into `out` at `offset` (x, y, z). O(1). */
export function toUnitVector(lat: number, lon: number, out: Float64Array, offset: number): void {
  const phi = lat * RAD;
  const lambda = lon * RAD;
  const c = Math.cos(phi);
  out[offset] = c * Math.cos(lambda);
  out[offset + 1] = c * Math.sin(lambda);
  out[offset + 2] = Math.sin(phi);
}

/**
 * Latitude and longitude in degrees of the direction (x, y, z); the vector need not be unit length.
 * @throws Error when the vector is zero or not finite (no direction).
 */
export function fromVector(x: number, y: number, z: number): { lat: number; lon: number } {
  const r = Math.hypot(x, y, z);
  if (!(r > 0) || !Number.isFinite(r)) throw new Error(`fromVector: no direction for (${x}, ${y}, ${z})`);
  return { lat: Math.asin(Math.max(-1, Math.min(1, z / r))) / RAD, lon: Math.atan2(y, x) / RAD };
}

/** Squared chord distance between unit vector i of `a` and unit vector j of `b` (interleaved xyz). */
export function chord2(a: Float64Array, i: number, b: Float64Array, j: number): number {
  const dx = a[3 * i] - b[3 * j];
  const dy = a[3 * i + 1] - b[3 * j + 1];
  const dz = a[3 * i + 2] - b[3 * j + 2];
  return dx * dx + dy * dy + dz * dz;
}
