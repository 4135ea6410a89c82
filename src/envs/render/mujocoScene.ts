// Builds a render Scene from a MuJoCo model and its data (after mj_forward / mj_step, so that
// geom_xpos and geom_xmat are current). Follows what MuJoCo's own renderer shows by default:
// geom groups 0-2 are visible, fully transparent geoms are skipped, and a geom with a material
// but the default colour takes the material's colour.
import type { MjData, MjModel } from "@mujoco/mujoco";
import { createScene, GeomKind, type GeomKindId, reserveGeoms, type Scene } from "./scene.js";

// MuJoCo's mjtGeom numbers -> our kinds. Height fields, meshes and SDFs are not drawn.
const FROM_MUJOCO_TYPE: (GeomKindId | undefined)[] = [
  GeomKind.plane, // 0 mjGEOM_PLANE
  undefined, // 1 mjGEOM_HFIELD
  GeomKind.sphere, // 2
  GeomKind.capsule, // 3
  GeomKind.ellipsoid, // 4
  GeomKind.cylinder, // 5
  GeomKind.box, // 6
];

export interface MujocoSceneOptions {
  /** Geom groups that are drawn; MuJoCo's viewer default shows 0, 1 and 2. */
  visibleGroups?: readonly number[];
  /** Body whose position becomes the scene's focus; default the first body below the world. */
  trackBody?: number;
}

const DEFAULT_GROUPS = [0, 1, 2];

/** The body a tracking camera follows by default: the first child of the world, else the world. */
export function defaultTrackBody(model: MjModel): number {
  return model.nbody > 1 ? 1 : 0;
}

/**
 * Fills `scene` (or a new one) with the visible primitive geoms of `model` at the state in
 * `data`. Returns the scene and how many visible geoms had a kind the ray caster cannot draw.
 */
export function sceneFromMujoco(
  model: MjModel,
  data: MjData,
  scene: Scene = createScene(model.ngeom),
  opts: MujocoSceneOptions = {},
): { scene: Scene; undrawable: number } {
  const groups = opts.visibleGroups ?? DEFAULT_GROUPS;
  const trackBody = opts.trackBody ?? defaultTrackBody(model);
  if (!Number.isInteger(trackBody) || trackBody < 0 || trackBody >= model.nbody)
    throw new Error(`The tracked body must be a body id in [0, ${model.nbody - 1}], got ${trackBody}.`);
  // Views into wasm memory go stale when the heap grows: read them afresh on every call.
  const type = model.geom_type as Int32Array;
  const group = model.geom_group as Int32Array;
  const size = model.geom_size as Float64Array;
  const rgba = model.geom_rgba as Float32Array;
  const matid = model.geom_matid as Int32Array;
  const matRgba = model.mat_rgba as Float32Array;
  const xpos = data.geom_xpos as Float64Array;
  const xmat = data.geom_xmat as Float64Array;
  const bodyPos = data.xpos as Float64Array;

  const n = model.ngeom;
  reserveGeoms(scene, n);
  let count = 0;
  let undrawable = 0;
  for (let g = 0; g < n; g++) {
    if (!groups.includes(group[g])) continue;
    let c = 4 * g;
    let colours = rgba;
    const m = matid[g];
    // MuJoCo uses the material's colour when the geom keeps the default rgba (0.5 0.5 0.5 1).
    if (m >= 0 && rgba[c] === 0.5 && rgba[c + 1] === 0.5 && rgba[c + 2] === 0.5 && rgba[c + 3] === 1) {
      colours = matRgba;
      c = 4 * m;
    }
    if (colours[c + 3] === 0) continue;
    const kind = FROM_MUJOCO_TYPE[type[g]];
    if (kind === undefined) {
      undrawable++;
      continue;
    }
    scene.kind[count] = kind;
    for (let k = 0; k < 3; k++) {
      scene.size[3 * count + k] = size[3 * g + k];
      scene.pos[3 * count + k] = xpos[3 * g + k];
    }
    for (let k = 0; k < 9; k++) scene.rot[9 * count + k] = xmat[9 * g + k];
    for (let k = 0; k < 4; k++) scene.rgba[4 * count + k] = colours[c + k];
    count++;
  }
  scene.count = count;
  for (let k = 0; k < 3; k++) scene.focus[k] = bodyPos[3 * trackBody + k];
  return { scene, undrawable };
}
