// A fixed run of Algorithm 1's augmented buffer for the generation tests: 3000 stores of a random
// walk (reward +1) and a batch sampled every 10, then a flush; what D_s holds after it.
import {
  AugmentedReplayBuffer,
  type GenerationBackend,
  type GenerationShares,
  parseAugmentedBufferSettings,
} from "../../src/atradiff/augmented/index.js";
import { ReplayBuffer } from "../../src/data/replayBuffer.js";
import { Rng } from "../../src/engine/rng.js";

export interface AugmentedRun {
  /** D_s's size after every store, then after the flush. */
  sizes: number[];
  /** A sum over each sampled batch's observations. */
  batches: number[];
  obs: Float32Array;
  action: Float32Array;
  terminal: Float32Array;
  generation: GenerationShares;
}

export function runAugmented(backend: GenerationBackend, seed: number): AugmentedRun {
  const { obsDim: o, actDim: a } = backend;
  const settings = parseAugmentedBufferSettings({ rho: 0.5, generationBatchSize: 8, queueLength: 2 });
  const buffer = new AugmentedReplayBuffer({
    real: new ReplayBuffer(10_000, o, a),
    synthetic: new ReplayBuffer(settings.syntheticCapacity, o, a),
    settings,
    expectedLength: 4,
    backend,
    seed,
  });
  const rng = new Rng(12);
  const sizes: number[] = [];
  const batches: number[] = [];
  const obs = new Float32Array(o);
  try {
    for (let i = 0; i < 3000; i++) {
      const action = Float32Array.from({ length: a }, () => rng.uniformIn(-1, 1));
      const nextObs = obs.map((v, d) => v + (d < a ? action[d] : 0.01));
      buffer.store({ obs, action, reward: 1, nextObs, terminal: false });
      obs.set(nextObs);
      sizes.push(buffer.synthetic.size);
      if (i % 10 === 9) batches.push(buffer.sample(32, rng).obs.reduce((x, y) => x + y, 0));
    }
    buffer.flush();
    sizes.push(buffer.synthetic.size);
    const n = buffer.synthetic.size;
    return {
      sizes,
      batches,
      obs: buffer.synthetic.obs.slice(0, n * o),
      action: buffer.synthetic.action.slice(0, n * a),
      terminal: buffer.synthetic.terminal.slice(0, n),
      generation: buffer.generation,
    };
  } finally {
    buffer.close();
  }
}
