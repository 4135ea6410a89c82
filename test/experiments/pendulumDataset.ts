// A small pendulum dataset file in the D4RL layout (uniformly random actions, 200-step episodes
// ending in time-outs), for the offline and offline-to-online command tests.
import { makeDataset } from "../../src/data/dataset.js";
import { writeDatasetFile } from "../../src/data/hdf5/d4rlWriter.js";
import { Rng } from "../../src/engine/rng.js";
import "../../src/envs/index.js";
import { makeEnv } from "../../src/envs/registry.js";

export async function writePendulumDataset(path: string, episodes: number, seed: number): Promise<void> {
  const env = await makeEnv("pendulum");
  const rng = new Rng(seed);
  const steps = episodes * 200;
  const observations = new Float32Array(steps * 3);
  const nextObservations = new Float32Array(steps * 3);
  const actions = new Float32Array(steps);
  const rewards = new Float32Array(steps);
  const terminals = new Uint8Array(steps);
  const timeouts = new Uint8Array(steps);
  let row = 0;
  for (let e = 0; e < episodes; e++) {
    let obs = env.reset({ seed: rng.nextUint32() }).obs;
    for (;;) {
      const a = rng.uniformIn(-1, 1);
      const r = env.step([2 * a]);
      observations.set(obs, row * 3);
      nextObservations.set(r.obs, row * 3);
      actions[row] = a;
      rewards[row] = r.reward;
      timeouts[row] = r.truncated ? 1 : 0;
      row++;
      obs = r.obs;
      if (r.truncated || r.terminated) break;
    }
  }
  env.close();
  const dataset = makeDataset({
    obsDim: 3,
    actDim: 1,
    observations,
    actions,
    rewards,
    terminals,
    timeouts,
    nextObservations,
    metadata: { env: "pendulum" },
  });
  await writeDatasetFile(path, dataset);
}
