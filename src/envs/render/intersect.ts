// Ray-primitive intersection in a geom's local frame (centre at the origin, MuJoCo's axis
// conventions). Every function reads the ray from `ray` = [ox, oy, oz, dx, dy, dz, tMin] (d a
// unit vector) and the geom's three size numbers from `size` at offset `s`; on a hit at distance
// t > tMin it writes [t, nx, ny, nz] (the local outward normal) into `hit` and returns true.
// Numbers travel through typed arrays rather than arguments because V8 boxes doubles passed to
// calls it does not inline, and that allocation per ray dominated the frame time.
// All primitives are convex, so the nearest hit of a union of pieces (a capsule is a tube and two
// spheres) is the nearest hit among its pieces.
import { GeomKind } from "./scene.js";

/** Offsets into the ray and hit arrays. */
export const RAY_LENGTH = 7;
export const HIT_LENGTH = 4;

/** Plane z = 0, seen from its +z side only (as MuJoCo draws planes); bounded when sx, sy > 0. */
export function intersectPlane(ray: Float64Array, size: Float64Array, s: number, hit: Float64Array): boolean {
  const oz = ray[2];
  const dz = ray[5];
  if (oz <= 0 || dz >= 0) return false;
  const t = -oz / dz;
  if (t <= ray[6]) return false;
  const sx = size[s];
  const sy = size[s + 1];
  if (sx > 0 && Math.abs(ray[0] + t * ray[3]) > sx) return false;
  if (sy > 0 && Math.abs(ray[1] + t * ray[4]) > sy) return false;
  hit[0] = t;
  hit[1] = 0;
  hit[2] = 0;
  hit[3] = 1;
  return true;
}

/** Sphere of radius size[s]. */
export function intersectSphere(
  ray: Float64Array,
  size: Float64Array,
  s: number,
  hit: Float64Array,
): boolean {
  hit[0] = Number.POSITIVE_INFINITY;
  return sphereAt(ray, size[s], 0, hit);
}

/**
 * The sphere of radius r centred at local (0, 0, cz): a sphere geom, or a capsule's end. Writes
 * into `hit` only when nearer than hit[0]; returns whether it did.
 */
function sphereAt(ray: Float64Array, r: number, cz: number, hit: Float64Array): boolean {
  const ox = ray[0];
  const oy = ray[1];
  const oz = ray[2] - cz;
  const dx = ray[3];
  const dy = ray[4];
  const dz = ray[5];
  const b = ox * dx + oy * dy + oz * dz;
  const disc = b * b - (ox * ox + oy * oy + oz * oz - r * r);
  if (disc < 0) return false;
  const sq = Math.sqrt(disc);
  let t = -b - sq;
  if (t <= ray[6]) t = -b + sq;
  if (t <= ray[6] || t >= hit[0]) return false;
  hit[0] = t;
  hit[1] = (ox + t * dx) / r;
  hit[2] = (oy + t * dy) / r;
  hit[3] = (oz + t * dz) / r;
  return true;
}

/** Ellipsoid with semi-axes size[s..s+2] along local x, y, z. */
export function intersectEllipsoid(
  ray: Float64Array,
  size: Float64Array,
  s: number,
  hit: Float64Array,
): boolean {
  const a = size[s];
  const b = size[s + 1];
  const c = size[s + 2];
  // Scaled so that the ellipsoid becomes the unit sphere; t keeps its meaning.
  const px = ray[0] / a;
  const py = ray[1] / b;
  const pz = ray[2] / c;
  const qx = ray[3] / a;
  const qy = ray[4] / b;
  const qz = ray[5] / c;
  const A = qx * qx + qy * qy + qz * qz;
  const B = px * qx + py * qy + pz * qz;
  const C = px * px + py * py + pz * pz - 1;
  const disc = B * B - A * C;
  if (disc < 0) return false;
  const sq = Math.sqrt(disc);
  let t = (-B - sq) / A;
  if (t <= ray[6]) {
    t = (-B + sq) / A;
    if (t <= ray[6]) return false;
  }
  // The gradient of x^2/a^2 + y^2/b^2 + z^2/c^2 points along the normal.
  const nx = (px + t * qx) / a;
  const ny = (py + t * qy) / b;
  const nz = (pz + t * qz) / c;
  const inv = 1 / Math.sqrt(nx * nx + ny * ny + nz * nz);
  hit[0] = t;
  hit[1] = nx * inv;
  hit[2] = ny * inv;
  hit[3] = nz * inv;
  return true;
}

/**
 * The side of a cylinder or capsule: x^2 + y^2 = r^2 for |z| <= h. Writes into `hit` only when
 * nearer than hit[0]; returns whether it did.
 */
function tube(ray: Float64Array, r: number, h: number, hit: Float64Array): boolean {
  const ox = ray[0];
  const oy = ray[1];
  const dx = ray[3];
  const dy = ray[4];
  const A = dx * dx + dy * dy;
  if (A < 1e-18) return false;
  const B = ox * dx + oy * dy;
  const C = ox * ox + oy * oy - r * r;
  const disc = B * B - A * C;
  if (disc < 0) return false;
  const sq = Math.sqrt(disc);
  let t = (-B - sq) / A;
  if (t <= ray[6] || Math.abs(ray[2] + t * ray[5]) > h) {
    t = (-B + sq) / A;
    if (t <= ray[6] || Math.abs(ray[2] + t * ray[5]) > h) return false;
  }
  if (t >= hit[0]) return false;
  hit[0] = t;
  hit[1] = (ox + t * dx) / r;
  hit[2] = (oy + t * dy) / r;
  hit[3] = 0;
  return true;
}

/** Capsule: radius size[s] around the local z segment from -size[s+1] to +size[s+1]. */
export function intersectCapsule(
  ray: Float64Array,
  size: Float64Array,
  s: number,
  hit: Float64Array,
): boolean {
  const r = size[s];
  const h = size[s + 1];
  hit[0] = Number.POSITIVE_INFINITY;
  tube(ray, r, h, hit);
  sphereAt(ray, r, -h, hit);
  sphereAt(ray, r, h, hit);
  return hit[0] < Number.POSITIVE_INFINITY;
}

/** Cylinder: radius size[s], flat caps at z = -size[s+1] and z = +size[s+1]. */
export function intersectCylinder(
  ray: Float64Array,
  size: Float64Array,
  s: number,
  hit: Float64Array,
): boolean {
  const r = size[s];
  const h = size[s + 1];
  hit[0] = Number.POSITIVE_INFINITY;
  tube(ray, r, h, hit);
  const dz = ray[5];
  if (dz !== 0) {
    for (let end = -1; end <= 1; end += 2) {
      const t = (end * h - ray[2]) / dz;
      if (t <= ray[6] || t >= hit[0]) continue;
      const x = ray[0] + t * ray[3];
      const y = ray[1] + t * ray[4];
      if (x * x + y * y > r * r) continue;
      hit[0] = t;
      hit[1] = 0;
      hit[2] = 0;
      hit[3] = end;
    }
  }
  return hit[0] < Number.POSITIVE_INFINITY;
}

/** Box with half-sizes size[s..s+2] (slab method). */
export function intersectBox(ray: Float64Array, size: Float64Array, s: number, hit: Float64Array): boolean {
  let tNear = Number.NEGATIVE_INFINITY;
  let tFar = Number.POSITIVE_INFINITY;
  let nearAxis = -1;
  let farAxis = -1;
  for (let k = 0; k < 3; k++) {
    const o = ray[k];
    const d = ray[3 + k];
    const half = size[s + k];
    if (d === 0) {
      if (o < -half || o > half) return false;
      continue;
    }
    let t0 = (-half - o) / d;
    let t1 = (half - o) / d;
    if (t0 > t1) {
      const tmp = t0;
      t0 = t1;
      t1 = tmp;
    }
    if (t0 > tNear) {
      tNear = t0;
      nearAxis = k;
    }
    if (t1 < tFar) {
      tFar = t1;
      farAxis = k;
    }
  }
  if (tNear > tFar) return false;
  let t = tNear;
  let axis = nearAxis;
  let sign = 1;
  if (t <= ray[6]) {
    // Starting inside the box: the exit face.
    t = tFar;
    axis = farAxis;
    sign = -1;
    if (t <= ray[6]) return false;
  }
  hit[0] = t;
  hit[1] = 0;
  hit[2] = 0;
  hit[3] = 0;
  // Entering through a face means moving against its outward normal; leaving, along it.
  hit[1 + axis] = ray[3 + axis] > 0 ? -sign : sign;
  return true;
}

/** Dispatches on the geom kind (see scene.ts for the size conventions). */
export function intersectLocal(
  kind: number,
  ray: Float64Array,
  size: Float64Array,
  s: number,
  hit: Float64Array,
): boolean {
  switch (kind) {
    case GeomKind.plane:
      return intersectPlane(ray, size, s, hit);
    case GeomKind.sphere:
      return intersectSphere(ray, size, s, hit);
    case GeomKind.capsule:
      return intersectCapsule(ray, size, s, hit);
    case GeomKind.ellipsoid:
      return intersectEllipsoid(ray, size, s, hit);
    case GeomKind.cylinder:
      return intersectCylinder(ray, size, s, hit);
    case GeomKind.box:
      return intersectBox(ray, size, s, hit);
    default:
      return false;
  }
}

/** Radius of a sphere around the geom's centre that contains it (Infinity for unbounded planes). */
export function boundingRadius(kind: number, size: Float64Array, s: number): number {
  const a = size[s];
  const b = size[s + 1];
  const c = size[s + 2];
  switch (kind) {
    case GeomKind.plane:
      return a > 0 && b > 0 ? Math.hypot(a, b) : Number.POSITIVE_INFINITY;
    case GeomKind.sphere:
      return a;
    case GeomKind.capsule:
      return a + b;
    case GeomKind.ellipsoid:
      return Math.max(a, b, c);
    case GeomKind.cylinder:
      return Math.hypot(a, b);
    case GeomKind.box:
      return Math.hypot(a, b, c);
    default:
      return Number.POSITIVE_INFINITY;
  }
}

/**
 * Half-sizes of a box in the geom's local frame that contains it (writes 3 numbers into `out` at
 * `o`; Infinity for unbounded planes). Tighter than the bounding sphere for long, thin shapes.
 */
export function localHalfExtents(
  kind: number,
  size: Float64Array,
  s: number,
  out: Float64Array,
  o: number,
): void {
  const a = size[s];
  const b = size[s + 1];
  const c = size[s + 2];
  let x = a;
  let y = a;
  let z = a;
  switch (kind) {
    case GeomKind.plane:
      x = a > 0 ? a : Number.POSITIVE_INFINITY;
      y = b > 0 ? b : Number.POSITIVE_INFINITY;
      z = 0;
      break;
    case GeomKind.capsule:
      z = a + b;
      break;
    case GeomKind.cylinder:
      z = b;
      break;
    case GeomKind.ellipsoid:
    case GeomKind.box:
      y = b;
      z = c;
      break;
  }
  out[o] = x;
  out[o + 1] = y;
  out[o + 2] = z;
}
