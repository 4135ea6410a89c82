import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { loadMujoco, wasmHeapBytes } from "../../src/envs/mujoco/mujocoModule.js";
import { makeRobot, randomActions, robotIds } from "./mujocoTestUtils.js";

// The wasm heap never shrinks, so a leak of models, data or scratch buffers shows up as growth.
// (scripts/envs-hygiene.mjs runs the same check at 100,000 steps and 1,000 creations.)
describe("MuJoCo memory hygiene", () => {
  it("200 env creations and 20,000 steps with resets leave the wasm heap flat", async () => {
    const mj = await loadMujoco();
    // Warm up: compile every model once (the per-thread templates stay).
    for (const id of robotIds) (await makeRobot(id)).close();
    // Take up the free room until the heap grows once, so that little slack hides a leak.
    const filler = [];
    const unfilled = wasmHeapBytes(mj);
    while (wasmHeapBytes(mj) === unfilled) filler.push(new mj.DoubleBuffer(8192));
    const before = wasmHeapBytes(mj);
    for (let i = 0; i < 200; i++) {
      const env = await makeRobot(robotIds[i % robotIds.length]);
      env.reset({ seed: i });
      env.step(new Float64Array(env.actionSpace.low.length));
      env.setState(env.getState());
      env.close();
    }
    const env = await makeRobot("hopper");
    const actions = randomActions(3, 500, 1);
    env.reset({ seed: 0 });
    for (let t = 0; t < 20000; t++) {
      const r = env.step(actions[t % actions.length]);
      if (r.terminated || t % 300 === 299) env.reset();
    }
    env.close();
    const after = wasmHeapBytes(mj);
    for (const block of filler) block.delete();
    assert.equal(after, before);
  });

  it("a closed env refuses to be used and can be closed again", async () => {
    const env = await makeRobot("ant");
    env.close();
    env.close();
    assert.throws(() => env.reset(), /ant: the env is closed/);
    assert.throws(() => env.getState(), /ant: the env is closed/);
  });

  it("views re-read after the heap grows keep the env working", async () => {
    const env = await makeRobot("walker2d");
    env.reset({ seed: 1 });
    const mj = await loadMujoco();
    const heap = wasmHeapBytes(mj);
    // Enough live data to force the heap to grow, which detaches every cached view.
    const others = [];
    while (wasmHeapBytes(mj) === heap) others.push(await makeRobot("ant"));
    const r = env.step(new Float64Array(6));
    assert.equal(r.obs.length, 17);
    assert.ok(r.obs.every((v) => Number.isFinite(v)));
    assert.deepEqual(env.currentObservation(), r.obs);
    for (const other of others) other.close();
    env.close();
  });
});
