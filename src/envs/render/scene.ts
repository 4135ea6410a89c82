// A renderable scene, independent of MuJoCo: a list of primitive geoms, each with a kind, a size
// in MuJoCo's conventions, a world position, a world rotation and a colour, plus the point a
// tracking camera follows. Stored as flat typed arrays so that a scene can be refilled every frame
// without allocating.

/** Geom kinds the ray caster draws (the numbers are internal; MuJoCo's own ids differ). */
export const GeomKind = {
  plane: 0,
  sphere: 1,
  capsule: 2,
  ellipsoid: 3,
  cylinder: 4,
  box: 5,
} as const;
export type GeomKindName = keyof typeof GeomKind;
export type GeomKindId = (typeof GeomKind)[GeomKindName];

export const GEOM_KIND_NAMES = Object.keys(GeomKind) as GeomKindName[];

/**
 * Sizes follow MuJoCo: plane [half x, half y, unused] (0 means infinite); sphere [radius];
 * capsule and cylinder [radius, half-length along local z]; ellipsoid [3 radii]; box [3 half-sizes].
 */
export interface Scene {
  count: number;
  kind: Uint8Array;
  /** 3 per geom. */
  size: Float64Array;
  /** 3 per geom: world position of the geom's centre. */
  pos: Float64Array;
  /** 9 per geom, row-major like MuJoCo's geom_xmat: world = rot * local, so column k is local axis k. */
  rot: Float64Array;
  /** 4 per geom, components in [0, 1]. */
  rgba: Float32Array;
  /** The point a tracking camera follows (a robot's root body). */
  readonly focus: Float64Array;
}

export function createScene(capacity = 16): Scene {
  const n = Math.max(1, capacity);
  return {
    count: 0,
    kind: new Uint8Array(n),
    size: new Float64Array(3 * n),
    pos: new Float64Array(3 * n),
    rot: new Float64Array(9 * n),
    rgba: new Float32Array(4 * n),
    focus: new Float64Array(3),
  };
}

/** Makes room for `capacity` geoms, keeping the first `scene.count`. */
export function reserveGeoms(scene: Scene, capacity: number): void {
  if (scene.kind.length >= capacity) return;
  const n = Math.max(capacity, 2 * scene.kind.length);
  const grow = <T extends Uint8Array | Float64Array | Float32Array>(
    a: T,
    stride: number,
    make: (k: number) => T,
  ) => {
    const b = make(stride * n);
    b.set(a);
    return b;
  };
  scene.kind = grow(scene.kind, 1, (k) => new Uint8Array(k));
  scene.size = grow(scene.size, 3, (k) => new Float64Array(k));
  scene.pos = grow(scene.pos, 3, (k) => new Float64Array(k));
  scene.rot = grow(scene.rot, 9, (k) => new Float64Array(k));
  scene.rgba = grow(scene.rgba, 4, (k) => new Float32Array(k));
}

export interface GeomSpec {
  kind: GeomKindName;
  size: readonly number[];
  pos: readonly number[];
  /** Row-major 3x3; identity when omitted. */
  rot?: readonly number[];
  rgba?: readonly number[];
}

const IDENTITY = [1, 0, 0, 0, 1, 0, 0, 0, 1];
const SIZE_COUNT: Record<GeomKindName, number> = {
  plane: 2,
  sphere: 1,
  capsule: 2,
  ellipsoid: 3,
  cylinder: 2,
  box: 3,
};

/** Appends one geom given in plain arrays (for scenes built by hand); checks its numbers. */
export function addGeom(scene: Scene, g: GeomSpec): void {
  if (!(g.kind in GeomKind))
    throw new Error(`Unknown geom kind "${g.kind}"; expected one of ${GEOM_KIND_NAMES.join(", ")}.`);
  const need = SIZE_COUNT[g.kind];
  const rot = g.rot ?? IDENTITY;
  const rgba = g.rgba ?? [0.5, 0.5, 0.5, 1];
  const finite = (a: readonly number[]) => a.every((x) => Number.isFinite(x));
  if (g.size.length < need || !finite(g.size) || g.size.slice(0, need).some((x) => x < 0))
    throw new Error(`A ${g.kind} geom needs ${need} non-negative size numbers, got [${g.size.join(", ")}].`);
  if (g.pos.length !== 3 || !finite(g.pos))
    throw new Error(`A geom position needs 3 finite numbers, got [${g.pos.join(", ")}].`);
  if (rot.length !== 9 || !finite(rot))
    throw new Error(`A geom rotation needs 9 finite numbers (row-major 3x3), got ${rot.length}.`);
  if (rgba.length !== 4 || !finite(rgba))
    throw new Error(`A geom colour needs 4 finite numbers (rgba), got ${rgba.length}.`);
  const i = scene.count;
  reserveGeoms(scene, i + 1);
  scene.kind[i] = GeomKind[g.kind];
  for (let k = 0; k < 3; k++) scene.size[3 * i + k] = k < g.size.length ? g.size[k] : 0;
  scene.pos.set(g.pos, 3 * i);
  scene.rot.set(rot, 9 * i);
  scene.rgba.set(rgba, 4 * i);
  scene.count = i + 1;
}
