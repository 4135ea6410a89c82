// Trains one window diffuser (ATraDiff §4.1) on the padded training windows of its length, the
// way SynthER trains its diffusion model: shuffled passes over the windows (incomplete last
// batches dropped), one EDM training step per batch.
import type { DiffusionStepStats } from "../../diffusion/diffusionTrainer.js";
import type { Rng } from "../../engine/rng.js";
import type { TaskPrompt } from "../generator/taskPrompt.js";
import type { WindowDiffuser } from "../generator/windowDiffuser.js";
import type { TrainingWindows } from "../windows/trainingWindows.js";
import { WindowBatches } from "../windows/windowBatches.js";

export interface WindowDiffuserProgress extends DiffusionStepStats {
  windowLength: number;
  /** Steps taken by this call. */
  step: number;
  totalSteps: number;
}

export interface TrainOnBatchesOptions {
  /** Training steps (default: the diffuser's diffusion.training.totalSteps). */
  steps?: number;
  /** Asked before each step; the training ends early when it says true. */
  shouldStop?: () => boolean;
  onProgress?: (p: WindowDiffuserProgress) => void;
}

export interface TrainWindowDiffuserOptions extends TrainOnBatchesOptions {
  /** Draws the batch order. */
  rng: Rng;
}

/** The batch stream a diffuser trains on: every window, in batches of its training.batchSize. */
export function windowBatchesFor(
  diffuser: WindowDiffuser,
  windows: TrainingWindows,
  rng: Rng,
): WindowBatches {
  const k = diffuser.windowLength;
  if (windows.k !== k || windows.width !== diffuser.diffusion.dataDim)
    throw new Error(`The diffuser for windows of ${k} steps cannot train on windows of ${windows.k} steps.`);
  const ids = Array.from({ length: windows.count }, (_, i) => i);
  const { batchSize } = diffuser.diffusion.settings.training;
  return new WindowBatches(
    windows,
    ids,
    batchSize,
    diffuser.shape.lengthConditioned,
    rng,
    diffuser.stateEncoding,
  );
}

export function trainWindowDiffuser(
  diffuser: WindowDiffuser,
  windows: TrainingWindows,
  prompt: TaskPrompt,
  opts: TrainWindowDiffuserOptions,
): DiffusionStepStats | null {
  return trainOnWindowBatches(diffuser, windowBatchesFor(diffuser, windows, opts.rng), prompt, opts);
}

/** Trains on the next batches of a stream (windowBatchesFor), so that one pass can span calls. */
export function trainOnWindowBatches(
  diffuser: WindowDiffuser,
  batches: WindowBatches,
  prompt: TaskPrompt,
  opts: TrainOnBatchesOptions,
): DiffusionStepStats | null {
  const k = diffuser.windowLength;
  if (prompt.dim !== diffuser.shape.promptDim)
    throw new Error(
      `The diffuser takes prompts of ${diffuser.shape.promptDim} values; the task prompt has ${prompt.dim}.`,
    );
  const totalSteps = opts.steps ?? diffuser.diffusion.settings.training.totalSteps;
  let last: DiffusionStepStats | null = null;
  for (let step = 0; step < totalSteps; step++) {
    if (opts.shouldStop?.()) break;
    batches.fill();
    const condition = diffuser.conditions(
      batches.firstStates,
      prompt.rows(batches.taskIds),
      batches.lengths,
      batches.size,
    );
    last = diffuser.diffusion.step(batches.rows, condition);
    if (!Number.isFinite(last.loss))
      throw new Error(
        `The diffuser for windows of ${k} steps reached a loss of ${last.loss} at step ${step + 1}; lower diffusion.training.lr.`,
      );
    opts.onProgress?.({ ...last, windowLength: k, step: step + 1, totalSteps });
  }
  return last;
}
