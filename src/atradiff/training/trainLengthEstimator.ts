// Training and evaluation of the length estimator (ATraDiff §4.1) on the offline episodes: every
// step of every episode is a sample (its state and task, and the number of transitions left until
// the episode ends). Regression of log(min(remaining, cap)) with MSE and Adam (lengthEstimator.ts).

import type { Rng } from "../../engine/rng.js";
import { Adam } from "../../nn/adam.js";
import { regressionStep } from "../../nn/regressionStep.js";
import type { LengthEstimator } from "../generator/lengthEstimator.js";
import { roundUpToPresetLength } from "../generator/presetLength.js";
import type { TaskPrompt } from "../generator/taskPrompt.js";
import type { TrainingData } from "../windows/trainingEpisodes.js";
import { TrainingWindows } from "../windows/trainingWindows.js";

export interface LengthEstimatorProgress {
  step: number;
  totalSteps: number;
  loss: number;
}

/** Samples of the estimator: the start of every window (any k gives the same starts). */
function samples(data: TrainingData): TrainingWindows {
  return new TrainingWindows(data, 1, false);
}

/**
 * The estimator's training one Adam step at a time, so that a caller can stop between steps
 * (generatorTrainingRun.ts lets the event loop in between, for Ctrl-C); dispose() frees the optimizer.
 */
export class LengthEstimatorTraining {
  private readonly starts: TrainingWindows;
  private readonly optimizer: Adam;
  private readonly batch: number;
  private readonly states: Float32Array;
  private readonly taskIds: Float64Array;
  private readonly targets: Float32Array;
  private readonly obsDim: number;
  /** Adam steps taken. */
  stepCount = 0;

  constructor(
    private readonly estimator: LengthEstimator,
    data: TrainingData,
    private readonly prompt: TaskPrompt,
    private readonly rng: Rng,
  ) {
    this.starts = samples(data);
    this.obsDim = data.obsDim;
    this.batch = Math.min(estimator.settings.batchSize, this.starts.count);
    this.optimizer = new Adam(estimator.network.parameters(), { lr: estimator.settings.lr });
    this.states = new Float32Array(this.batch * data.obsDim);
    this.taskIds = new Float64Array(this.batch);
    this.targets = new Float32Array(this.batch);
  }

  get totalSteps(): number {
    return this.estimator.settings.steps;
  }

  /** One Adam step on a random batch of starts; returns its loss. */
  step(): number {
    const { estimator, starts, batch, states, taskIds, targets, obsDim: o } = this;
    for (let b = 0; b < batch; b++) {
      const i = this.rng.int(starts.count);
      starts.writeFirstState(i, states, b * o);
      taskIds[b] = starts.task(i);
      targets[b] = estimator.target(starts.remainingLength(i));
    }
    const input = estimator.inputRows(states, this.prompt.rows(taskIds), batch);
    const loss = regressionStep(
      estimator.network,
      this.optimizer,
      { data: input, shape: [batch, input.length / batch] },
      { data: targets, shape: [batch, 1] },
    );
    this.stepCount++;
    if (!Number.isFinite(loss))
      throw new Error(
        `The length estimator's loss became ${loss} at step ${this.stepCount}; lower estimator.lr.`,
      );
    return loss;
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

/** Trains `estimator` in place for settings.steps Adam steps; returns the last batch loss. */
export function trainLengthEstimator(
  estimator: LengthEstimator,
  data: TrainingData,
  prompt: TaskPrompt,
  opts: { rng: Rng; onProgress?: (p: LengthEstimatorProgress) => void },
): number {
  const training = new LengthEstimatorTraining(estimator, data, prompt, opts.rng);
  let loss = Number.NaN;
  try {
    while (training.stepCount < training.totalSteps) {
      loss = training.step();
      opts.onProgress?.({ step: training.stepCount, totalSteps: training.totalSteps, loss });
    }
  } finally {
    training.dispose();
  }
  return loss;
}

export interface LengthEstimatorEvaluation {
  /** States evaluated. */
  count: number;
  /** Mean |estimate - min(remaining, cap)|, in steps. */
  meanAbsoluteError: number;
  /** Fraction of states whose rounded estimate is the preset length of their true remaining length. */
  presetAccuracy: number;
  /** Fraction of states whose rounded estimate is shorter than needed (the window ends too early). */
  presetTooShort: number;
}

/** Evaluates the estimator on every step of `data` (e.g. held-out episodes). */
export function evaluateLengthEstimator(
  estimator: LengthEstimator,
  data: TrainingData,
  prompt: TaskPrompt,
  presets: readonly number[],
): LengthEstimatorEvaluation {
  const starts = samples(data);
  const o = data.obsDim;
  const chunk = 4096;
  let absError = 0;
  let exact = 0;
  let short = 0;
  const cap = estimator.shape.lengthCap;
  for (let from = 0; from < starts.count; from += chunk) {
    const n = Math.min(chunk, starts.count - from);
    const states = new Float32Array(n * o);
    const taskIds = new Float64Array(n);
    for (let b = 0; b < n; b++) {
      starts.writeFirstState(from + b, states, b * o);
      taskIds[b] = starts.task(from + b);
    }
    const estimates = estimator.estimateRemainingLength(states, prompt.rows(taskIds), n);
    for (let b = 0; b < n; b++) {
      const remaining = starts.remainingLength(from + b);
      absError += Math.abs(estimates[b] - Math.min(remaining, cap));
      const want = roundUpToPresetLength(remaining, presets);
      const got = roundUpToPresetLength(estimates[b], presets);
      if (got === want) exact++;
      else if (got < want) short++;
    }
  }
  return {
    count: starts.count,
    meanAbsoluteError: absError / starts.count,
    presetAccuracy: exact / starts.count,
    presetTooShort: short / starts.count,
  };
}
