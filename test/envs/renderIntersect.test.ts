// Ray-primitive intersections in local coordinates: distances and normals worked out by hand.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { boundingRadius, intersectLocal } from "../../src/envs/render/intersect.js";
import { GeomKind, type GeomKindName } from "../../src/envs/render/scene.js";

/** Casts a ray (origin o, direction d normalized here) at a geom; returns [t, nx, ny, nz] or null. */
function cast(
  kind: GeomKindName,
  size: number[],
  o: number[],
  d: number[],
  tMin = 0,
): [number, number, number, number] | null {
  const len = Math.hypot(d[0], d[1], d[2]);
  const ray = Float64Array.from([o[0], o[1], o[2], d[0] / len, d[1] / len, d[2] / len, tMin]);
  const hit = new Float64Array(4);
  const sizes = Float64Array.from([...size, 0, 0, 0].slice(0, 3));
  return intersectLocal(GeomKind[kind], ray, sizes, 0, hit) ? [hit[0], hit[1], hit[2], hit[3]] : null;
}

function near(actual: number[] | null, expected: number[], tol = 1e-9): void {
  assert.ok(actual !== null, `expected a hit at ${expected}`);
  actual.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= tol, `[${actual}] vs [${expected}]`));
}

describe("ray-primitive intersection", () => {
  it("sphere: front hit, exit from inside, miss, and nothing behind the ray", () => {
    near(cast("sphere", [1], [0, 0, 5], [0, 0, -1]), [4, 0, 0, 1]);
    near(cast("sphere", [1], [0, 0, 0], [1, 0, 0]), [1, 1, 0, 0]);
    assert.equal(cast("sphere", [1], [0, 1.01, 5], [0, 0, -1]), null);
    assert.equal(cast("sphere", [1], [0, 0, 5], [0, 0, 1]), null);
    // A grazing-angle hit: the normal points from the centre to the hit point.
    const h = cast("sphere", [1], [0.6, 0, 5], [0, 0, -1]);
    near(h, [5 - 0.8, 0.6, 0, 0.8]);
  });

  it("capsule: the cap sphere on the axis, the side off it, and the rounded end beyond the side", () => {
    near(cast("capsule", [0.5, 1], [0, 0, 5], [0, 0, -1]), [3.5, 0, 0, 1]);
    near(cast("capsule", [0.5, 1], [5, 0, 0.3], [-1, 0, 0]), [4.5, 1, 0, 0]);
    // At z = 1.3 the side is gone; the end sphere (centre z = 1) has half-width sqrt(0.25 - 0.09) = 0.4.
    near(cast("capsule", [0.5, 1], [5, 0, 1.3], [-1, 0, 0]), [4.6, 0.8, 0, 0.6]);
    assert.equal(cast("capsule", [0.5, 1], [5, 0, 1.6], [-1, 0, 0]), null);
  });

  it("cylinder: flat cap, side, and nothing beyond the caps", () => {
    near(cast("cylinder", [0.5, 1], [0.2, 0, 5], [0, 0, -1]), [4, 0, 0, 1]);
    near(cast("cylinder", [0.5, 1], [0, -5, -0.9], [0, 1, 0]), [4.5, 0, -1, 0]);
    assert.equal(cast("cylinder", [0.5, 1], [5, 0, 1.1], [-1, 0, 0]), null);
    near(cast("cylinder", [0.5, 1], [0.2, 0, -5], [0, 0, 1]), [4, 0, 0, -1]);
  });

  it("ellipsoid: hits at each semi-axis with the axis normal", () => {
    near(cast("ellipsoid", [2, 1, 0.5], [5, 0, 0], [-1, 0, 0]), [3, 1, 0, 0]);
    near(cast("ellipsoid", [2, 1, 0.5], [0, 5, 0], [0, -1, 0]), [4, 0, 1, 0]);
    near(cast("ellipsoid", [2, 1, 0.5], [0, 0, -5], [0, 0, 1]), [4.5, 0, 0, -1]);
    // Off-axis: the normal is the normalized gradient (x/a^2, y/b^2, z/c^2), not the radius direction.
    const h = cast("ellipsoid", [2, 1, 0.5], [1, 0, 5], [0, 0, -1]);
    const z = 0.5 * Math.sqrt(1 - 0.25);
    const g = [1 / 4, 0, z / 0.25];
    const gl = Math.hypot(g[0], g[1], g[2]);
    near(h, [5 - z, g[0] / gl, 0, g[2] / gl]);
  });

  it("box: entry face normals, exit from inside, misses past an edge", () => {
    near(cast("box", [1, 2, 3], [5, 0.5, 0.5], [-1, 0, 0]), [4, 1, 0, 0]);
    near(cast("box", [1, 2, 3], [0, -5, 0], [0, 1, 0]), [3, 0, -1, 0]);
    near(cast("box", [1, 2, 3], [0, 0, 0], [0, 0, 1]), [3, 0, 0, 1]);
    assert.equal(cast("box", [1, 2, 3], [5, 2.1, 0], [-1, 0, 0]), null);
    // Diagonal entry through the corner region picks the face entered last.
    near(cast("box", [1, 1, 1], [3, 2.5, 0], [-1, -1, 0]), [2 * Math.SQRT2, 1, 0, 0]);
  });

  it("plane: seen from above only, bounded by its half-sizes when they are positive", () => {
    near(cast("plane", [0, 0], [3, 4, 2], [0, 0, -1]), [2, 0, 0, 1]);
    assert.equal(cast("plane", [0, 0], [0, 0, -2], [0, 0, 1]), null);
    assert.equal(cast("plane", [1, 1], [3, 0, 2], [0, 0, -1]), null);
    near(cast("plane", [1, 1], [0.9, -0.9, 2], [0, 0, -1]), [2, 0, 0, 1]);
  });

  it("respects tMin, and bounding radii contain each shape", () => {
    assert.equal(cast("sphere", [1], [0, 0, 5], [0, 0, -1], 6.5), null);
    near(cast("sphere", [1], [0, 0, 5], [0, 0, -1], 4.5), [6, 0, 0, -1]);
    const r = (kind: GeomKindName, s: number[]) => boundingRadius(GeomKind[kind], Float64Array.from(s), 0);
    assert.equal(r("sphere", [2, 0, 0]), 2);
    assert.equal(r("capsule", [0.5, 1, 0]), 1.5);
    assert.equal(r("ellipsoid", [2, 1, 3]), 3);
    assert.equal(r("cylinder", [3, 4, 0]), 5);
    assert.equal(r("box", [2, 3, 6]), 7);
    assert.equal(r("plane", [0, 0, 0]), Number.POSITIVE_INFINITY);
  });
});
