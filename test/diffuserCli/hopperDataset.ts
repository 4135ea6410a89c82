// A tiny hopper dataset in the D4RL layout (uniformly random actions in [-1, 1], short episodes that
// end when the hopper falls or at `maxSteps`), for the diffuser command, fidelity and bench tests.
import { type Dataset, makeDataset } from "../../src/data/dataset.js";
import { writeDatasetFile } from "../../src/data/hdf5/d4rlWriter.js";
import { Rng } from "../../src/engine/rng.js";
import "../../src/envs/index.js";
import { makeEnv } from "../../src/envs/registry.js";

export async function hopperDataset(episodes: number, maxSteps: number, seed: number): Promise<Dataset> {
  const env = await makeEnv("hopper", { maxEpisodeSteps: maxSteps });
  const rng = new Rng(seed);
  const obs: number[] = [];
  const next: number[] = [];
  const actions: number[] = [];
  const rewards: number[] = [];
  const terminals: number[] = [];
  const timeouts: number[] = [];
  for (let e = 0; e < episodes; e++) {
    let o = env.reset({ seed: rng.nextUint32() }).obs;
    for (;;) {
      const a = [rng.uniformIn(-1, 1), rng.uniformIn(-1, 1), rng.uniformIn(-1, 1)];
      const r = env.step(a);
      obs.push(...o);
      next.push(...r.obs);
      actions.push(...a);
      rewards.push(r.reward);
      terminals.push(r.terminated ? 1 : 0);
      timeouts.push(r.truncated && !r.terminated ? 1 : 0);
      o = r.obs;
      if (r.terminated || r.truncated) break;
    }
  }
  env.close();
  return makeDataset({
    obsDim: 11,
    actDim: 3,
    observations: Float32Array.from(obs),
    actions: Float32Array.from(actions),
    rewards: Float32Array.from(rewards),
    terminals: Uint8Array.from(terminals),
    timeouts: Uint8Array.from(timeouts),
    nextObservations: Float32Array.from(next),
    metadata: { env: "hopper" },
  });
}

export async function writeHopperDataset(
  path: string,
  episodes: number,
  maxSteps: number,
  seed: number,
): Promise<void> {
  await writeDatasetFile(path, await hopperDataset(episodes, maxSteps, seed));
}
