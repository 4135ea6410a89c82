// What the online loop learns from: a buffer it stores each env transition into and samples its
// batches from, saved into and restored from each checkpoint directory. A plain replay buffer is
// one; ATraDiff's augmented buffer, SynthER's retrained synthetic buffer and S4RL's noised batches
// (augmentation/) are others. Periodic work that needs the agent (ATraDiff's online adaptation,
// SynthER's retraining) happens in afterStep, at steps that depend only on the run's settings.
import { join } from "node:path";
import type { Agent } from "../../agents/types.js";
import { ReplayBuffer, type Transition } from "../../data/replayBuffer.js";
import { loadReplayBufferInto, saveReplayBuffer } from "../../data/replayBufferFile.js";
import type { BatchSource } from "./mixedBatchSampler.js";

/** Augmentation counters and timings of one metrics line (see AugmentationMetrics in metricsLog.ts). */
export interface BufferMetrics {
  /** Cumulative counts (e.g. synthetic rows stored, trajectories generated). */
  synthetic: Record<string, number>;
  /** Seconds spent generating since the previous metrics line. */
  generationSeconds: number;
  /** Seconds the agent's thread waited for generation since the previous metrics line. */
  generationWaitSeconds?: number;
  /** Seconds spent adapting or retraining the generative model since the previous metrics line. */
  adaptationSeconds: number;
}

export interface TrainingBuffer extends BatchSource {
  store(t: Transition): void;
  /** After env step `step` (1-based) and its updates; not after the run's last step. */
  afterStep?(step: number, agent: Agent): void;
  /** Counters for the metrics line written now (timings restart from zero). */
  metrics?(): BufferMetrics;
  /** Writes the buffer's files into a checkpoint directory. */
  save(dir: string): void;
  /** Restores from a checkpoint directory, before any store or sample. */
  restore(dir: string): void;
  close?(): void;
}

/** Inside each checkpoint directory: the real transitions. */
export const REPLAY_FILE = "replay.safetensors";

/** A plain replay buffer as a TrainingBuffer. */
export function plainTrainingBuffer(buffer: ReplayBuffer): TrainingBuffer {
  return {
    get size() {
      return buffer.size;
    },
    store: (t) => buffer.store(t),
    sample: (n, rng) => buffer.sample(n, rng),
    save: (dir) => saveReplayBuffer(join(dir, REPLAY_FILE), buffer),
    restore: (dir) => loadReplayBufferInto(join(dir, REPLAY_FILE), buffer),
  };
}

export function asTrainingBuffer(b: ReplayBuffer | TrainingBuffer): TrainingBuffer {
  return b instanceof ReplayBuffer ? plainTrainingBuffer(b) : b;
}
