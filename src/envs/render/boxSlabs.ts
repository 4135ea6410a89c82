// A faster form of intersect.ts's box test for camera rays: the slab offsets that depend only on
// the ray origin are computed once per frame, and the test stops as soon as the answer is certain.
// It does the same floating-point operations as intersectBox, in the same order, so it returns
// exactly what intersectBox would (renderCulling.test.ts checks whole frames against the
// brute-force path, which uses intersectBox).

/**
 * Per-axis slab offsets of a box for a ray origin that is the same for a whole frame (the camera):
 * writes (-half - o, half - o) for each local axis into `out` at `q` (6 numbers).
 */
export function boxSlabOffsets(
  size: Float64Array,
  s: number,
  origin: Float64Array,
  o: number,
  out: Float64Array,
  q: number,
): void {
  for (let k = 0; k < 3; k++) {
    const half = size[s + k];
    const x = origin[o + k];
    out[q + 2 * k] = -half - x;
    out[q + 2 * k + 1] = half - x;
  }
}

/**
 * intersectBox for a camera ray (tMin 0) with local direction (dx, dy, dz) from the origin that
 * `slabs[q ..]` was made for. Returns false early, without writing `hit`, once the slabs cannot
 * overlap, the box lies behind the ray, or it begins at or beyond `limit` (the nearest hit so far;
 * a hit from inside the box may still lie beyond it: callers compare). Directions travel as numbers
 * rather than through the ray array: this is inlined into the pixel loop.
 */
export function nearerBoxHit(
  dx: number,
  dy: number,
  dz: number,
  slabs: Float64Array,
  q: number,
  limit: number,
  hit: Float64Array,
): boolean {
  let tNear = Number.NEGATIVE_INFINITY;
  let tFar = Number.POSITIVE_INFINITY;
  let nearAxis = -1;
  let farAxis = -1;
  for (let k = 0; k < 3; k++) {
    const d = k === 0 ? dx : k === 1 ? dy : dz;
    const lo = slabs[q + 2 * k];
    const hi = slabs[q + 2 * k + 1];
    if (d === 0) {
      // lo > 0 exactly when o < -half (a difference of doubles is 0 only when they are equal).
      if (lo > 0 || hi < 0) return false;
      continue;
    }
    // intersectBox divides both and swaps them when the first is larger; as lo <= hi, that is
    // when d < 0 (equal quotients, or zeros of opposite sign, never change what follows).
    const t0 = d > 0 ? lo / d : hi / d;
    const t1 = d > 0 ? hi / d : lo / d;
    if (t0 > tNear) {
      tNear = t0;
      nearAxis = k;
    }
    if (t1 < tFar) {
      tFar = t1;
      farAxis = k;
    }
    // tNear only grows and tFar only shrinks over the axes.
    if (tNear > tFar || tFar <= 0 || tNear >= limit) return false;
  }
  // The entry face; from inside the box (tNear <= 0 < tFar) the exit face.
  const inside = tNear <= 0;
  const axis = inside ? farAxis : nearAxis;
  const d = axis === 0 ? dx : axis === 1 ? dy : dz;
  hit[0] = inside ? tFar : tNear;
  hit[1] = 0;
  hit[2] = 0;
  hit[3] = 0;
  // Entering through a face means moving against its outward normal; leaving, along it.
  hit[1 + axis] = d > 0 === inside ? 1 : -1;
  return true;
}
