// S4RL (Sinha et al. 2021) in the online loop: transitions are stored unchanged; every sampled
// batch gets Gaussian noise on s and s' (baselines/s4rl). Checkpoints hold the real buffer only
// (the noise comes from the loop's own generator).

import type { S4rlSettings } from "../../baselines/s4rl/s4rlSettings.js";
import { StateNoiseSampler } from "../../baselines/s4rl/stateNoiseSampler.js";
import type { ReplayBuffer } from "../../data/replayBuffer.js";
import { plainTrainingBuffer, type TrainingBuffer } from "../loops/trainingBuffer.js";

export function s4rlTrainingBuffer(real: ReplayBuffer, settings: S4rlSettings): TrainingBuffer {
  const plain = plainTrainingBuffer(real);
  const noised = new StateNoiseSampler(real, settings);
  return {
    get size() {
      return real.size;
    },
    store: plain.store,
    sample: (n, rng) => noised.sample(n, rng),
    save: plain.save,
    restore: plain.restore,
  };
}
