// The S4RL baseline (Sinha et al. 2021) as a wrapper around a replay buffer's sample: each sampled
// batch is copied and Gaussian noise of standard deviation noiseScale is added to every state s and
// next state s' (drawn independently, from the caller's Rng after the rows are drawn). Actions,
// rewards and terminal flags are unchanged, and so is the wrapped buffer: the noise goes into the
// sampler's own batch, never into stored transitions.
import { allocBatch, type Batch } from "../../data/batch.js";
import type { Transition } from "../../data/replayBuffer.js";
import type { Rng } from "../../engine/rng.js";
import type { S4rlSettings } from "./s4rlSettings.js";

/** What S4RL wraps: anything with a ReplayBuffer's store and sample. */
export interface SampleableBuffer {
  readonly size: number;
  store(t: Transition): void;
  sample(batchSize: number, rng: Rng): Batch;
}

export class StateNoiseSampler {
  private cached: Batch | null = null;

  constructor(
    readonly buffer: SampleableBuffer,
    readonly settings: S4rlSettings,
  ) {}

  get size(): number {
    return this.buffer.size;
  }

  /** Stores into the wrapped buffer, unchanged. */
  store(t: Transition): void {
    this.buffer.store(t);
  }

  /** A noised copy of the wrapped buffer's batch, owned by the sampler and overwritten by the next call. */
  sample(batchSize: number, rng: Rng): Batch {
    const drawn = this.buffer.sample(batchSize, rng);
    if (
      !this.cached ||
      this.cached.size !== drawn.size ||
      this.cached.obsDim !== drawn.obsDim ||
      this.cached.actDim !== drawn.actDim
    )
      this.cached = allocBatch(drawn.size, drawn.obsDim, drawn.actDim);
    const out = this.cached;
    const scale = this.settings.noiseScale;
    for (let i = 0; i < out.obs.length; i++) out.obs[i] = drawn.obs[i] + scale * rng.gaussian();
    for (let i = 0; i < out.nextObs.length; i++) out.nextObs[i] = drawn.nextObs[i] + scale * rng.gaussian();
    out.action.set(drawn.action);
    out.reward.set(drawn.reward);
    out.terminal.set(drawn.terminal);
    return out;
  }
}
