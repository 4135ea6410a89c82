// The ray caster's culling (pixel rectangles and column spans, bounding spheres, the light grid)
// only skips work: frames of the maze and of a robot must equal, byte for byte, the brute-force
// path that tests every geom with every primary and shadow ray.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Rng } from "../../src/engine/rng.js";
import { makeEnv } from "../../src/envs/index.js";
import { MujocoEnv } from "../../src/envs/mujoco/mujocoEnv.js";
import { boxSlabOffsets, nearerBoxHit } from "../../src/envs/render/boxSlabs.js";
import type { CameraSettings } from "../../src/envs/render/camera.js";
import { cameraFor } from "../../src/envs/render/cameraPresets.js";
import { intersectBox } from "../../src/envs/render/intersect.js";
import { sceneFromMujoco } from "../../src/envs/render/mujocoScene.js";
import { exactReciprocal, RayCaster } from "../../src/envs/render/rayCaster.js";
import type { RenderSettings } from "../../src/envs/render/renderSettings.js";
import { addGeom, createScene } from "../../src/envs/render/scene.js";
import type { Env } from "../../src/envs/types.js";
import { unwrapEnv } from "../../src/envs/wrappers/envWrapper.js";

const SIZE = 84;

function mujocoOf(env: Env): MujocoEnv {
  const inner = unwrapEnv(env);
  assert.ok(inner instanceof MujocoEnv);
  return inner;
}

/** The env's preset, a low oblique view (walls seen from the side), straight down, and a turned one. */
function camerasFor(id: string): CameraSettings[] {
  return [
    cameraFor(id),
    cameraFor(id, { distance: 7, azimuthDeg: 30, elevationDeg: -25 }),
    cameraFor(id, { distance: 12, azimuthDeg: 0, elevationDeg: -90 }),
    cameraFor(id, { distance: 5, azimuthDeg: 200, elevationDeg: -50, fovyDeg: 60 }),
  ];
}

const SETTINGS: Partial<RenderSettings>[] = [{}, { lightDirection: [0.4, 0.3, 0.6] }];

/** Counts the frames compared, and checks each pair of casters agrees on every byte. */
function compareFrames(env: MujocoEnv, id: string, culled: RayCaster[], brute: RayCaster[]): number {
  const { scene } = sceneFromMujoco(env.model, env.data);
  let frames = 0;
  for (const camera of camerasFor(id))
    for (let k = 0; k < culled.length; k++) {
      const fast = culled[k].render(scene, camera).pixels;
      const slow = brute[k].render(scene, camera).pixels;
      let differing = 0;
      for (let i = 0; i < fast.length; i++) if (fast[i] !== slow[i]) differing++;
      assert.equal(differing, 0, `${id}, camera ${JSON.stringify(camera)}: ${differing} bytes differ`);
      frames++;
    }
  return frames;
}

describe("exactReciprocal", () => {
  it("gives 1 / c only where multiplying equals dividing for every x (powers of two)", () => {
    const rng = new Rng(3);
    for (const c of [0.5, 0.25, 1, 2, 1024, 2 ** -40]) {
      const inv = exactReciprocal(c);
      assert.equal(inv, 1 / c);
      for (let i = 0; i < 1000; i++) {
        const x = rng.uniformIn(-1, 1) * 10 ** rng.uniformIn(-300, 300);
        assert.equal(x * inv, x / c, `${x} / ${c}`);
      }
    }
    for (const c of [0.3, 3, 0.75, 1e-310, 2 ** 1023]) assert.equal(exactReciprocal(c), 0, `${c}`);
  });
});

describe("nearerBoxHit", () => {
  it("answers as intersectBox does for camera rays, inside and outside boxes, with axis-parallel rays", () => {
    const rng = new Rng(8);
    const size = new Float64Array(3);
    const ray = new Float64Array(7);
    const slabs = new Float64Array(6);
    const expected = new Float64Array(4);
    const got = new Float64Array(4);
    let hits = 0;
    let inside = 0;
    for (let i = 0; i < 20000; i++) {
      for (let k = 0; k < 3; k++) {
        size[k] = rng.uniformIn(0.05, 2);
        // Origins from well inside to well outside the box.
        ray[k] = rng.uniformIn(-3, 3);
        ray[3 + k] = rng.uniform() < 0.15 ? 0 : rng.uniformIn(-1, 1);
      }
      const norm = Math.hypot(ray[3], ray[4], ray[5]);
      if (norm === 0) continue;
      for (let k = 3; k < 6; k++) ray[k] /= norm;
      ray[6] = 0;
      const limit = rng.uniform() < 0.3 ? Number.POSITIVE_INFINITY : rng.uniformIn(0, 5);
      boxSlabOffsets(size, 0, ray, 0, slabs, 0);
      const want = intersectBox(ray, size, 0, expected) && expected[0] < limit;
      const have = nearerBoxHit(ray[3], ray[4], ray[5], slabs, 0, limit, got) && got[0] < limit;
      assert.equal(have, want, `ray ${ray.join(", ")} in box ${size.join(", ")}, limit ${limit}`);
      if (want) {
        assert.deepEqual([...got], [...expected]);
        hits++;
        if (Math.abs(ray[0]) < size[0] && Math.abs(ray[1]) < size[1] && Math.abs(ray[2]) < size[2]) inside++;
      }
    }
    assert.ok(hits > 1000 && inside > 200, `only ${hits} hits, ${inside} from inside`);
  });
});

describe("ray caster culling", () => {
  const envs = new Map<string, Env>();
  const culled = SETTINGS.map((s) => new RayCaster(SIZE, SIZE, s));
  const brute = SETTINGS.map((s) => new RayCaster(SIZE, SIZE, s, { bruteForce: true }));
  before(async () => {
    for (const id of ["antmaze-medium", "hopper"]) envs.set(id, await makeEnv(id));
  });
  after(() => {
    for (const env of envs.values()) env.close();
  });

  it("draws antmaze-medium as the brute force does, with the ant near walls and in corridors", () => {
    const env = mujocoOf(envs.get("antmaze-medium")!);
    env.reset({ seed: 4 });
    const rng = new Rng(11);
    let frames = 0;
    // Cell centres are 4 m apart: the start, next to a wall, against a corner, and farther off.
    for (const [x, y] of [
      [0, 0],
      [1.6, 0.3],
      [6.5, 6.2],
      [10.3, 13.7],
    ]) {
      const qpos = env.getQpos();
      qpos[0] = x;
      qpos[1] = y;
      for (let j = 7; j < qpos.length; j++) qpos[j] = rng.uniformIn(-0.5, 0.5);
      env.setQposQvel(qpos, new Float64Array(env.getQvel().length));
      frames += compareFrames(env, "antmaze-medium", culled, brute);
    }
    assert.equal(frames, 4 * 4 * SETTINGS.length);
  });

  it("draws hopper poses as the brute force does", () => {
    const env = envs.get("hopper")!;
    env.reset({ seed: 2 });
    const rng = new Rng(5);
    const { low, high } = env.actionSpace;
    const action = new Float64Array(low.length);
    let frames = 0;
    for (let t = 1; t <= 30; t++) {
      for (let i = 0; i < action.length; i++) action[i] = rng.uniformIn(low[i], high[i]);
      const r = env.step(action);
      if (r.terminated || r.truncated) env.reset();
      if (t % 10 === 0) frames += compareFrames(mujocoOf(env), "hopper", culled, brute);
    }
    assert.equal(frames, 3 * 4 * SETTINGS.length);
  });

  it("draws boxes of one height, round shapes and a capsule on a box as the brute force does", () => {
    // Shadow rays from points above every caster skip the casters: the box tops here, until a
    // capsule lies on one (then only the capsule's top).
    const scene = createScene();
    const c = Math.SQRT1_2;
    addGeom(scene, { kind: "plane", size: [0, 0], pos: [0, 0, 0] });
    addGeom(scene, { kind: "box", size: [2, 0.5, 1], pos: [0, 0, 1] });
    addGeom(scene, { kind: "box", size: [0.5, 2, 1], pos: [2.5, 1.5, 1] });
    addGeom(scene, { kind: "box", size: [0.5, 0.5, 1], pos: [-2, 2, 1], rot: [c, -c, 0, c, c, 0, 0, 0, 1] });
    addGeom(scene, { kind: "ellipsoid", size: [0.4, 0.3, 0.2], pos: [1, 1.5, 0.2] });
    let frames = 0;
    for (const withCapsule of [false, true]) {
      if (withCapsule)
        addGeom(scene, {
          kind: "capsule",
          size: [0.15, 0.6],
          pos: [0.5, 0, 2.2],
          rot: [0, 0, 1, 0, 1, 0, -1, 0, 0],
        });
      for (const camera of camerasFor("scene"))
        for (let k = 0; k < culled.length; k++) {
          const fast = culled[k].render(scene, { ...camera, track: false, lookat: [0, 0, 1] }).pixels;
          const slow = brute[k].render(scene, { ...camera, track: false, lookat: [0, 0, 1] }).pixels;
          assert.deepEqual(fast, slow, `capsule ${withCapsule}, camera ${JSON.stringify(camera)}`);
          frames++;
        }
    }
    assert.equal(frames, 2 * 4 * SETTINGS.length);
  });

  it("draws supersampled maze frames as the brute force does", () => {
    const env = mujocoOf(envs.get("antmaze-medium")!);
    env.reset({ seed: 6 });
    const { scene } = sceneFromMujoco(env.model, env.data);
    const settings: Partial<RenderSettings> = { samplesPerAxis: 2, lightDirection: [0.3, -0.5, 0.7] };
    const fast = new RayCaster(SIZE, SIZE, settings);
    const slow = new RayCaster(SIZE, SIZE, settings, { bruteForce: true });
    for (const camera of camerasFor("antmaze-medium").slice(0, 2))
      assert.deepEqual(
        fast.render(scene, camera).pixels,
        slow.render(scene, camera).pixels,
        JSON.stringify(camera),
      );
  });

  it("compares frames that show shadows and walls", () => {
    // Without shadow rays the maze frame changes: the comparisons above covered occluded pixels.
    const env = mujocoOf(envs.get("antmaze-medium")!);
    env.reset({ seed: 4 });
    const { scene } = sceneFromMujoco(env.model, env.data);
    const camera = camerasFor("antmaze-medium")[0];
    const lit = new RayCaster(SIZE, SIZE, { shadows: false }).render(scene, camera).pixels;
    const shaded = culled[0].render(scene, camera).pixels;
    let darker = 0;
    for (let i = 0; i < lit.length; i++) if (shaded[i] < lit[i]) darker++;
    assert.ok(darker > 300, `only ${darker} bytes are in shadow`);
  });
});
