/**
 * An orthonormal basis (a, b) of the plane tangent to the sphere at the unit vector c: a is perpendicular to
 * c and to the coordinate axis c is least aligned with (a = c x e, normalised), and b = c x a, so (a, b, c)
 * is right-handed. The projections onto that plane (gnomonic, stereographic) all start here. O(1).
 * @example tangentBasis(0, 0, 1) // => [0, 1, 0, -1, 0, 0]
 */
export function tangentBasis(cx: number, cy: number, cz: number): [number, number, number, number, number, number] {
  const ex = Math.abs(cx), ey = Math.abs(cy), ez = Math.abs(cz);
  const [tx, ty, tz] = ex <= ey && ex <= ez ? [1, 0, 0] : ey <= ez ? [0, 1, 0] : [0, 0, 1];
  let ax = cy * tz - cz * ty, ay = cz * tx - cx * tz, az = cx * ty - cy * tx;
  const r = Math.hypot(ax, ay, az);
  ax /= r; ay /= r; az /= r;
  return [ax, ay, az, cy * az - cz * ay, cz * ax - cx * az, cx * ay - cy * ax];
}
