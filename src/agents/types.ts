// The agent interface (../DESIGN.md "Interfaces"). Any off-policy agent that learns from Batches
// plugs into the training loops and into ATraDiff's augmented replay buffer.
import type { Batch } from "../data/batch.js";

export interface ActOptions {
  /** true: the policy's mode (evaluation); false: a sample (exploration). */
  deterministic: boolean;
}

export interface UpdateOptions {
  /**
   * Whether this gradient step also updates the actor (and temperature). With an update-to-data
   * ratio G, loops call update() G times per env step and set this on the last call (REDQ, RLPD).
   */
  updateActor?: boolean;
}

export interface Agent {
  readonly name: string;
  readonly obsDim: number;
  readonly actDim: number;
  /** Gradient steps per environment step (UTD ratio) the agent was configured with. */
  readonly updatesPerStep: number;
  /** An action in [-1, 1]^actDim for one observation; exploration noise uses the agent's own seeded Rng. */
  act(obs: ArrayLike<number>, opts: ActOptions): Float32Array;
  /**
   * Actions for `count` observations given row-major (vectorized envs): count x actDim values.
   * Optional so that simple agents need not have it; every atradiff agent does.
   */
  actBatch?(obs: ArrayLike<number>, count: number, opts: ActOptions): Float32Array;
  /** One gradient step on a batch; returns named scalar losses/statistics for logging. */
  update(batch: Batch, opts?: UpdateOptions): Record<string, number>;
  /** Per-transition absolute TD error |Q(s,a) - target| (ranks samples for online adaptation). */
  tdError(batch: Batch): Float32Array;
  /** Writes everything needed to continue training exactly (networks, optimizers, targets, temperature, RNG). */
  save(path: string): void;
  load(path: string): void;
  dispose(): void;
}
