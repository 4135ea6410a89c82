// `atradiff bench diffusion --single`: the single-diffuser mode (the paper's stated future work,
// §6: one denoiser for the largest window length k_max, conditioned on the estimated remaining
// length, then pruning) measured against the set of diffusers (§4.1) at the same settings, from
// the same held-out start states. It is one model where the set is one per window length, so the
// total training cost of each is reported too. The length estimator is the same in concept and,
// trained with the same seeds on the same split, in weights (estimatorSameAsSet checks it); the
// single diffuser gets its estimate as the condition. Measured after the set, with its own Rng, so
// the set's numbers do not change.

import type { FidelityScales } from "../../atradiff/fidelity/fidelityScales.js";
import {
  type GeneratorSettings,
  parseGeneratorSettings,
} from "../../atradiff/generator/generatorSettings.js";
import type { PrunerCalibration } from "../../atradiff/generator/prunerCalibration.js";
import type { TaskPrompt } from "../../atradiff/generator/taskPrompt.js";
import type { TrajectoryGenerator } from "../../atradiff/generator/trajectoryGenerator.js";
import {
  evaluateLengthEstimator,
  type LengthEstimatorEvaluation,
} from "../../atradiff/training/trainLengthEstimator.js";
import type { TrainingData } from "../../atradiff/windows/trainingEpisodes.js";
import type { Rng } from "../../engine/rng.js";
import type { PlanarLocomotionEnv } from "../../envs/mujoco/planarLocomotionEnv.js";
import { type GeneratedFidelity, trajectoryFidelity } from "./benchFidelity.js";
import { type BenchModelOptions, benchGenerator } from "./benchModels.js";
import { generateSpeed, generationSpeed, windowTrainingSpeed } from "./benchSpeed.js";
import { type PrunerCutError, prunerCutErrors } from "./prunerCutError.js";

/** What training one generator's diffusers costs, from the timed steps/s. */
export interface TrainingCost {
  models: number;
  totalSteps: number;
  /** Sum over the models of their steps / their timed steps/s. */
  estimatedSeconds: number;
}

export interface SingleDiffuserBench {
  /** k_max: the window every start state is sampled in. */
  windowLength: number;
  trainedNow: boolean;
  denoiser: { dimT: number; width: number; depth: number; inputWidth: number };
  trainingStepsPerSec: number;
  trainingCost: { single: TrainingCost; set: TrainingCost };
  /** Sampler steps -> trajectories/s of the diffuser alone (one batched pass, pruning included). */
  trajectoriesPerSec: Record<number, number>;
  /** Sampler steps -> trajectories/s of generate() as in use (estimator, sampling, cutting), single and set. */
  generateTrajectoriesPerSec: { single: Record<number, number>; set: Record<number, number> };
  estimator: LengthEstimatorEvaluation;
  /** Whether its estimator evaluates exactly as the set's (same seeds, same training split). */
  estimatorSameAsSet: boolean;
  prunerThreshold: number;
  prunerCalibration: PrunerCalibration;
  /** On held-out windows from every start state (a single diffuser is given them all). */
  pruner: PrunerCutError;
  /** Sampler steps -> fidelity of its trajectories from the set's fidelity start states. */
  fidelity: Record<number, GeneratedFidelity>;
}

export interface SingleDiffuserBenchInput {
  train: TrainingData;
  heldOut: TrainingData;
  /** The set's settings; the single generator differs only in mode. */
  settings: GeneratorSettings;
  set: TrajectoryGenerator;
  setTrainingStepsPerSec: Record<number, number>;
  setEstimator: LengthEstimatorEvaluation;
  prompt: TaskPrompt;
  models: BenchModelOptions & { chunkSteps: number };
  timedSteps: number;
  /** The held-out start states of the set's generation timing and of its fidelity. */
  speedStarts: Float32Array;
  fidelityStarts: Float32Array;
  samplerSteps: readonly number[];
  env: PlanarLocomotionEnv;
  scales: FidelityScales;
  rng: Rng;
}

function trainingCost(steps: number, rates: number[]): TrainingCost {
  return {
    models: rates.length,
    totalSteps: steps * rates.length,
    estimatedSeconds: rates.reduce((s, r) => s + steps / r, 0),
  };
}

export async function measureSingleDiffuser(o: SingleDiffuserBenchInput): Promise<SingleDiffuserBench> {
  const settings = parseGeneratorSettings({ ...o.settings, mode: "single" });
  const { generator, trained } = await benchGenerator(o.train, settings, {
    ...o.models,
    dirName: "generator-single",
  });
  try {
    const d = generator.diffusers[0];
    const k = d.windowLength;
    const task = o.models.progress?.add("single diffuser", 3 + o.samplerSteps.length, 0);
    const trainingStepsPerSec = windowTrainingSpeed(o.train, settings, o.timedSteps)[k];
    const steps = settings.diffusion.training.totalSteps;
    task?.update(1);
    const trajectoriesPerSec = generationSpeed(generator, o.speedStarts, o.samplerSteps, o.rng)[k];
    const generateTrajectoriesPerSec = {
      single: generateSpeed(generator, o.speedStarts, o.samplerSteps, o.rng),
      set: generateSpeed(o.set, o.speedStarts, o.samplerSteps, o.rng),
    };
    task?.update(2);
    const estimator = evaluateLengthEstimator(
      generator.estimator,
      o.heldOut,
      o.prompt,
      settings.windowLengths,
    );
    const pruner = prunerCutErrors(generator, o.heldOut, 512, o.rng)[0];
    task?.update(3);
    const fidelity: SingleDiffuserBench["fidelity"] = {};
    for (const s of o.samplerSteps) {
      const ts = generator.generate(o.fidelityStarts, { rng: o.rng, steps: s, gate: false });
      fidelity[s] = trajectoryFidelity(o.env, o.scales, generator, ts);
      task?.update(4 + o.samplerSteps.indexOf(s));
    }
    task?.finish();
    const { dimT, width, depth } = d.diffusion.settings.denoiser;
    return {
      windowLength: k,
      trainedNow: trained,
      denoiser: { dimT, width, depth, inputWidth: d.diffusion.dataDim + d.diffusion.conditionDim },
      trainingStepsPerSec,
      trainingCost: {
        single: trainingCost(steps, [trainingStepsPerSec]),
        set: trainingCost(steps, Object.values(o.setTrainingStepsPerSec)),
      },
      trajectoriesPerSec,
      generateTrajectoriesPerSec,
      estimator,
      estimatorSameAsSet: JSON.stringify(estimator) === JSON.stringify(o.setEstimator),
      prunerThreshold: generator.prunerThresholds.get(k)!,
      prunerCalibration: generator.prunerCalibration.get(k)!,
      pruner,
      fidelity,
    };
  } finally {
    generator.dispose();
  }
}
