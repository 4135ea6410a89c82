// Scenes extracted from MuJoCo: which geoms are drawn (groups, transparency, materials), that the
// positions and rotations are MuJoCo's, that a rendered MuJoCo body appears where it is, and the
// render timing that `bench envs` reports.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import loadMujoco, { type MainModule, type MjData, type MjModel } from "@mujoco/mujoco";
import { measureRenderMs } from "../../src/envs/render/measureRender.js";
import { sceneFromMujoco } from "../../src/envs/render/mujocoScene.js";
import { RayCaster } from "../../src/envs/render/rayCaster.js";
import { GeomKind } from "../../src/envs/render/scene.js";
import { projectSide, redBlob, sideCamera } from "./renderPixels.js";

const XML = `
<mujoco>
  <size memory="256K"/>
  <asset><material name="blue" rgba="0 0 1 1"/></asset>
  <worldbody>
    <geom name="floor" type="plane" size="10 10 0.1" rgba="0.7 0.7 0.7 1"/>
    <body name="ball" pos="0.4 0 1.2">
      <freejoint/>
      <geom name="red" type="sphere" size="0.2" rgba="0.9 0.1 0.1 1"/>
      <geom name="hidden_group" type="box" size="0.1 0.1 0.1" group="3" rgba="0 1 0 1"/>
      <geom name="transparent" type="capsule" size="0.05 0.3" rgba="0 1 0 0"/>
      <geom name="material" type="ellipsoid" size="0.1 0.05 0.05" pos="0 0 -0.5" material="blue"/>
      <geom name="own_colour" type="cylinder" size="0.05 0.1" pos="0 0 -0.8" euler="90 0 0" material="blue" rgba="1 1 0 1"/>
    </body>
  </worldbody>
</mujoco>`;

describe("scenes from MuJoCo", () => {
  let mj: MainModule;
  let model: MjModel;
  let data: MjData;

  before(async () => {
    mj = await loadMujoco();
    model = mj.MjModel.from_xml_string(XML);
    data = new mj.MjData(model);
    mj.mj_forward(model, data);
  });
  after(() => {
    data.delete();
    model.delete();
  });

  it("keeps visible geoms with MuJoCo's positions, rotations and colours", () => {
    const { scene, undrawable } = sceneFromMujoco(model, data);
    assert.equal(undrawable, 0);
    // floor, red sphere, material ellipsoid, cylinder: group 3 and alpha 0 are left out.
    assert.deepEqual(Array.from(scene.kind.subarray(0, scene.count)), [
      GeomKind.plane,
      GeomKind.sphere,
      GeomKind.ellipsoid,
      GeomKind.cylinder,
    ]);
    const xpos = data.geom_xpos as Float64Array;
    const xmat = data.geom_xmat as Float64Array;
    // Scene geom 3 is MuJoCo geom 5 (the cylinder turned by euler 90 0 0).
    assert.deepEqual(Array.from(scene.pos.subarray(9, 12)), Array.from(xpos.subarray(15, 18)));
    assert.deepEqual(Array.from(scene.rot.subarray(27, 36)), Array.from(xmat.subarray(45, 54)));
    assert.deepEqual(Array.from(scene.size.subarray(9, 11)), [0.05, 0.1]);
    // The ellipsoid keeps the default rgba, so it takes the material's blue; the cylinder its own yellow.
    assert.deepEqual(Array.from(scene.rgba.subarray(8, 12)), [0, 0, 1, 1]);
    assert.deepEqual(Array.from(scene.rgba.subarray(12, 16)), [1, 1, 0, 1]);
    // The focus is the first body's position.
    assert.deepEqual(Array.from(scene.focus), [0.4, 0, 1.2]);
    // Showing group 3 too brings the box back.
    assert.equal(sceneFromMujoco(model, data, undefined, { visibleGroups: [0, 1, 2, 3] }).scene.count, 5);
    assert.throws(() => sceneFromMujoco(model, data, undefined, { trackBody: 7 }), /tracked body/);
  });

  it("renders the MuJoCo body where it is, and follows it after the physics moved it", () => {
    const caster = new RayCaster(84, 84);
    const { scene } = sceneFromMujoco(model, data);
    const blob = redBlob(caster.render(scene, sideCamera(4, 1)));
    const [px, py] = projectSide([0.4, 0, 1.2], 4, 1, 84);
    assert.ok(
      Math.abs(blob.cx - px) < 0.6 && Math.abs(blob.cy - py) < 0.6,
      `ball at (${blob.cx}, ${blob.cy})`,
    );
    // Let it fall for 0.2 s: it drops by g t^2 / 2 = 0.2 m, and the picture follows the new state.
    for (let i = 0; i < 100; i++) mj.mj_step(model, data);
    const z = (data.xpos as Float64Array)[5];
    assert.ok(z < 1.05, `the ball fell (z = ${z})`);
    sceneFromMujoco(model, data, scene);
    const fallen = redBlob(caster.render(scene, sideCamera(4, 1)));
    const [, py2] = projectSide([0.4, 0, z], 4, 1, 84);
    assert.ok(Math.abs(fallen.cy - py2) < 0.6, `fallen ball at row ${fallen.cy}, expected ${py2}`);
    assert.ok(fallen.cy > blob.cy + 2);
  });

  it("measures the time of one frame", () => {
    const ms = measureRenderMs(model, data, { warmup: 2, repeats: 5 });
    assert.ok(Number.isFinite(ms) && ms > 0 && ms < 1000, `${ms} ms`);
    assert.throws(() => measureRenderMs(model, data, { repeats: 0 }), /repeats/);
  });
});
