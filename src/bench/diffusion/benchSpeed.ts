// The speed part of `atradiff bench diffusion`: training steps per second of each window diffuser
// and of SynthER (fresh models of the bench's sizes on real batches: 2 untimed warm-up steps, then
// timed ones, all in one run of the training loop), and trajectories generated per second for each
// window length and sampler step count (one batched sampling pass from held-out start states,
// pruning included), and of the whole generator as in use (generateSpeed).

import type { GeneratorSettings } from "../../atradiff/generator/generatorSettings.js";
import { TaskPrompt } from "../../atradiff/generator/taskPrompt.js";
import type { TrajectoryGenerator } from "../../atradiff/generator/trajectoryGenerator.js";
import { WindowDiffuser } from "../../atradiff/generator/windowDiffuser.js";
import { trainWindowDiffuser } from "../../atradiff/training/trainWindowDiffuser.js";
import { fitStateDeltaNormalizer } from "../../atradiff/windows/stateDeltas.js";
import { fitStepNormalizer } from "../../atradiff/windows/stepStatistics.js";
import type { TrainingData } from "../../atradiff/windows/trainingEpisodes.js";
import { TrainingWindows } from "../../atradiff/windows/trainingWindows.js";
import type { SyntherModel } from "../../baselines/synther/syntherModel.js";
import { DiffusionTrainer } from "../../diffusion/diffusionTrainer.js";
import { Rng } from "../../engine/rng.js";

const WARMUP_STEPS = 2;

/** Runs `steps` training steps, calling `afterStep` with the count done after each one. */
export type TrainingLoop = (steps: number, afterStep: (done: number) => void) => void;

/**
 * Steps/s of one run of a training loop, timed from the end of its warm-up steps to its last
 * step. The loop runs once: timing one-step runs would also time what a run does once before its
 * first step: a window diffuser's loop first builds and shuffles the order of all ~900k windows
 * of hopper-medium, which takes longer than five k = 5 steps; timed per step, the diffusers looked
 * several times slower than SynthER (results/generator.md).
 */
export function loopStepRate(
  loop: TrainingLoop,
  timedSteps: number,
  clock: () => number = () => performance.now(),
): number {
  if (!Number.isInteger(timedSteps) || timedSteps < 1)
    throw new Error(`The number of timed training steps must be a positive integer, got ${timedSteps}.`);
  const total = WARMUP_STEPS + timedSteps;
  let start = Number.NaN;
  let end = Number.NaN;
  loop(total, (done) => {
    if (done === WARMUP_STEPS) start = clock();
    if (done === total) end = clock();
  });
  if (Number.isNaN(start) || Number.isNaN(end))
    throw new Error(
      `The timed training loop did not report its step ${Number.isNaN(start) ? WARMUP_STEPS : total}.`,
    );
  return timedSteps / ((end - start) / 1000);
}

/** Training steps/s of a fresh diffuser per window length (k -> steps/s). */
export function windowTrainingSpeed(
  train: TrainingData,
  settings: GeneratorSettings,
  timedSteps: number,
): Record<number, number> {
  const prompt = new TaskPrompt(settings.prompt);
  const stepNormalizer = fitStepNormalizer(train);
  const out: Record<number, number> = {};
  const ks = settings.mode === "multiple" ? settings.windowLengths : settings.windowLengths.slice(-1);
  for (const k of ks) {
    const layout = { obsDim: train.obsDim, actDim: train.actDim, modelTerminals: settings.modelTerminals };
    const shape = {
      layout,
      windowLength: k,
      promptDim: prompt.dim,
      lengthConditioned: settings.mode === "single",
      stateEncoding: settings.stateEncoding,
    };
    const d = WindowDiffuser.create(shape, stepNormalizer, settings.diffusion, 1, {
      fitDenoiserToWindow: settings.fitDenoiserToWindow,
      startState: settings.startState,
      stateDeltas: settings.stateEncoding === "delta" ? fitStateDeltaNormalizer(train) : undefined,
    });
    try {
      const windows = new TrainingWindows(train, k, settings.modelTerminals);
      const rng = new Rng(k);
      out[k] = loopStepRate(
        (steps, afterStep) =>
          trainWindowDiffuser(d, windows, prompt, { rng, steps, onProgress: (p) => afterStep(p.step) }),
        timedSteps,
      );
    } finally {
      d.dispose();
    }
  }
  return out;
}

/** Training steps/s of a fresh copy of SynthER's model (same sizes and normalizer) on its own rows. */
export function syntherTrainingSpeed(synther: SyntherModel, batch: number, timedSteps: number): number {
  const trained = synther.diffusion;
  const fresh = new DiffusionTrainer({
    dataDim: trained.dataDim,
    settings: trained.settings,
    seed: 1,
    normalizer: trained.normalizer,
  });
  try {
    const rows = trained.sample(batch, { rng: new Rng(2), steps: 4 });
    return loopStepRate((steps, afterStep) => {
      for (let i = 1; i <= steps; i++) {
        fresh.step(rows);
        afterStep(i);
      }
    }, timedSteps);
  } finally {
    fresh.dispose();
  }
}

/** Trajectories/s per window length and sampler step count (k -> steps -> trajectories/s). */
export function generationSpeed(
  generator: TrajectoryGenerator,
  starts: Float32Array,
  samplerSteps: readonly number[],
  rng: Rng,
): Record<number, Record<number, number>> {
  const count = starts.length / generator.obsDim;
  const prompts = generator.prompt.repeat(generator.prompt.vector(undefined), count);
  const out: Record<number, Record<number, number>> = {};
  for (const d of generator.diffusers) {
    out[d.windowLength] = {};
    const lengths = d.shape.lengthConditioned ? new Float64Array(count).fill(d.windowLength) : null;
    for (const steps of samplerSteps) {
      const t = performance.now();
      d.sample(starts, prompts, lengths, count, { rng, steps, inpaintMode: generator.settings.inpaintMode });
      out[d.windowLength][steps] = count / ((performance.now() - t) / 1000);
    }
  }
  return out;
}

/** Trajectories/s of generate() as in use (estimator, sampling, cutting) per sampler step count. */
export function generateSpeed(
  generator: TrajectoryGenerator,
  starts: Float32Array,
  samplerSteps: readonly number[],
  rng: Rng,
): Record<number, number> {
  const count = starts.length / generator.obsDim;
  const out: Record<number, number> = {};
  for (const steps of samplerSteps) {
    const t = performance.now();
    generator.generate(starts, { rng, steps });
    out[steps] = count / ((performance.now() - t) / 1000);
  }
  return out;
}
