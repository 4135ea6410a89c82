// Trains one window diffuser (ATraDiff §4.1) on the padded training windows of its length, the
// way SynthER trains its diffusion model: shuffled passes over the windows (incomplete last
// batches dropped), one EDM training step per batch.
import type { DiffusionStepStats } from "../diffusion/diffusionTrainer.js";
import type { Rng } from "../engine/rng.js";
import type { TaskPrompt } from "./taskPrompt.js";
import type { TrainingWindows } from "./trainingWindows.js";
import { WindowBatches } from "./windowBatches.js";
import type { WindowDiffuser } from "./windowDiffuser.js";

export interface WindowDiffuserProgress extends DiffusionStepStats {
  windowLength: number;
  step: number;
  totalSteps: number;
}

export interface TrainWindowDiffuserOptions {
  /** Draws the batch order. */
  rng: Rng;
  /** Training steps (default: the diffuser's diffusion.training.totalSteps). */
  steps?: number;
  onProgress?: (p: WindowDiffuserProgress) => void;
}

export function trainWindowDiffuser(
  diffuser: WindowDiffuser,
  windows: TrainingWindows,
  prompt: TaskPrompt,
  opts: TrainWindowDiffuserOptions,
): DiffusionStepStats | null {
  const k = diffuser.windowLength;
  if (windows.k !== k || windows.width !== diffuser.diffusion.dataDim)
    throw new Error(`The diffuser for windows of ${k} steps cannot train on windows of ${windows.k} steps.`);
  if (prompt.dim !== diffuser.shape.promptDim)
    throw new Error(
      `The diffuser takes prompts of ${diffuser.shape.promptDim} values; the task prompt has ${prompt.dim}.`,
    );
  const training = diffuser.diffusion.settings.training;
  const totalSteps = opts.steps ?? training.totalSteps;
  const ids = Array.from({ length: windows.count }, (_, i) => i);
  const batches = new WindowBatches(
    windows,
    ids,
    training.batchSize,
    diffuser.shape.lengthConditioned,
    opts.rng,
  );
  let last: DiffusionStepStats | null = null;
  for (let step = 0; step < totalSteps; step++) {
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
