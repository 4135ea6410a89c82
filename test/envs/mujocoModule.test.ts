import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Worker } from "node:worker_threads";
import { Hopper } from "../../src/envs/mujoco/hopper.js";
import { compileMujocoWasm, loadMujoco } from "../../src/envs/mujoco/mujocoModule.js";
import { readMujocoWasm } from "../../src/envs/mujoco/mujocoWasmFile.js";
import { box } from "../../src/envs/types.js";
import { randomActions } from "./mujocoTestUtils.js";

describe("MuJoCo module loading", () => {
  it("loads one module per thread", async () => {
    assert.equal(await loadMujoco(), await loadMujoco());
  });

  it("a worker instantiates a module compiled by the parent and simulates bit-identically", async () => {
    const compiled = await compileMujocoWasm(await readMujocoWasm());
    const actions = randomActions(3, 40, 3);
    const fromWorker = await new Promise<Float64Array[]>((resolve, reject) => {
      const worker = new Worker(new URL("./mujocoWorkerFixture.js", import.meta.url), {
        workerData: { compiled, seed: 5, actions },
      });
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    const env = new Hopper(await loadMujoco());
    const here = [env.reset({ seed: 5 }).obs, ...actions.map((a) => env.step(a).obs)];
    env.close();
    assert.deepEqual(fromWorker, here);
  });

  it("names the env when its model does not compile", async () => {
    const { MujocoEnv } = await import("../../src/envs/mujoco/mujocoEnv.js");
    class Broken extends MujocoEnv {
      readonly observationSpace = box([], []);
      step(): never {
        throw new Error("unreachable");
      }
      protected addResetNoise(): void {}
      protected observation(): Float64Array {
        return new Float64Array();
      }
    }
    const mj = await loadMujoco();
    assert.throws(
      () =>
        new Broken(mj, {
          id: "broken",
          xml: "<mujoco><worldbody><nonsense/></worldbody></mujoco>",
          frameSkip: 1,
        }),
      /^Error: broken: MuJoCo could not compile the model: .*nonsense/s,
    );
  });
});
