// Worker side of mujocoModule.test.ts: loads MuJoCo from a module compiled by the parent thread,
// runs a seeded hopper episode and posts the observations back.
import { parentPort, workerData } from "node:worker_threads";
import { Hopper } from "../../src/envs/mujoco/hopper.js";
import { loadMujoco } from "../../src/envs/mujoco/mujocoModule.js";

const { compiled, seed, actions } = workerData as {
  compiled: WebAssembly.Module;
  seed: number;
  actions: Float64Array[];
};
const env = new Hopper(await loadMujoco(compiled));
const observations = [env.reset({ seed }).obs];
for (const a of actions) observations.push(env.step(a).obs);
env.close();
parentPort!.postMessage(observations);
