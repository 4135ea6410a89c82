// Trains the whole ATraDiff generator (§4.1) on offline episodes: the step statistics, one diffuser
// per preset window length on its padded windows (or one length-conditioned diffuser in
// single-diffuser mode), the length estimator, and the pruner's thresholds (calibrated on generated
// or real windows).

import type { Normalizer } from "../diffusion/normalizer.js";
import { Rng } from "../engine/rng.js";
import {
  type GeneratorSettings,
  type GeneratorSettingsInput,
  parseGeneratorSettings,
} from "./generatorSettings.js";
import { LengthEstimator } from "./lengthEstimator.js";
import { calibrateGeneratorDiffuser, type PrunerCalibration, prunerThresholds } from "./prunerCalibration.js";
import { fitStepNormalizer, stateNormalizer } from "./stepStatistics.js";
import { TaskPrompt } from "./taskPrompt.js";
import { checkTrainingData, type TrainingData } from "./trainingEpisodes.js";
import { TrainingWindows } from "./trainingWindows.js";
import { type LengthEstimatorProgress, trainLengthEstimator } from "./trainLengthEstimator.js";
import { trainWindowDiffuser, type WindowDiffuserProgress } from "./trainWindowDiffuser.js";
import { TrajectoryGenerator } from "./trajectoryGenerator.js";
import { WindowDiffuser } from "./windowDiffuser.js";
import type { WindowLayout } from "./windowLayout.js";

export type GeneratorTrainingProgress =
  | ({ stage: "diffuser" } & WindowDiffuserProgress)
  | ({ stage: "estimator" } & LengthEstimatorProgress)
  /** One window length's pruning threshold calibrated (step of totalSteps lengths). */
  | { stage: "pruner"; windowLength: number; step: number; totalSteps: number; threshold: number };

export interface TrainGeneratorOptions {
  onProgress?: (p: GeneratorTrainingProgress) => void;
}

export interface TrainedGenerator {
  generator: TrajectoryGenerator;
  /** How each window length's pruning threshold was calibrated, and how it separates the windows it measured. */
  prunerCalibration: Map<number, PrunerCalibration>;
  /** The estimator's last batch loss (MSE of log length). */
  estimatorLoss: number;
}

export function trainGenerator(
  data: TrainingData,
  settingsInput: GeneratorSettingsInput = {},
  opts: TrainGeneratorOptions = {},
): TrainedGenerator {
  const settings = parseGeneratorSettings(settingsInput);
  checkTrainingData(data);
  const prompt = new TaskPrompt(settings.prompt);
  for (const e of data.episodes) prompt.vector(e.task); // an unknown task id fails here, once
  const layout: WindowLayout = {
    obsDim: data.obsDim,
    actDim: data.actDim,
    modelTerminals: settings.modelTerminals,
  };
  const stepNormalizer = fitStepNormalizer(data);
  const ks = settings.windowLengths;
  const kMax = ks[ks.length - 1];
  const root = new Rng(settings.seed);

  const diffusers: WindowDiffuser[] = [];
  let estimator: LengthEstimator | null = null;
  try {
    // §4.1: one diffuser per preset length (or one length-conditioned diffuser for the largest).
    for (const k of settings.mode === "multiple" ? ks : [kMax]) {
      const shape = {
        layout,
        windowLength: k,
        promptDim: prompt.dim,
        lengthConditioned: settings.mode === "single",
      };
      const diffuser = WindowDiffuser.create(
        shape,
        stepNormalizer,
        settings.diffusion,
        root.split().nextUint32(),
        { fitDenoiserToWindow: settings.fitDenoiserToWindow },
      );
      diffusers.push(diffuser);
      trainWindowDiffuser(diffuser, new TrainingWindows(data, k, settings.modelTerminals), prompt, {
        rng: root.split(),
        onProgress: (p) => opts.onProgress?.({ stage: "diffuser", ...p }),
      });
    }
    estimator = new LengthEstimator(
      { obsDim: data.obsDim, promptDim: prompt.dim, lengthCap: kMax },
      settings.estimator,
      stateNormalizer(stepNormalizer, data.obsDim),
      root.split(),
    );
    const estimatorLoss = trainLengthEstimator(estimator, data, prompt, {
      rng: root.split(),
      onProgress: (p) => opts.onProgress?.({ stage: "estimator", ...p }),
    });
    const prunerCalibration = calibrateAll(data, settings, diffusers, prompt, stepNormalizer, root, opts);
    const generator = new TrajectoryGenerator({
      settings,
      layout,
      stepNormalizer,
      estimator,
      diffusers,
      prunerThresholds: prunerThresholds(prunerCalibration, settings.pruner),
      prunerCalibration,
    });
    return { generator, prunerCalibration, estimatorLoss };
  } catch (err) {
    estimator?.dispose();
    for (const d of diffusers) d.dispose();
    throw err;
  }
}

/** Each diffuser's pruning calibration, on generated or real windows (prunerCalibration.ts). */
function calibrateAll(
  data: TrainingData,
  settings: GeneratorSettings,
  diffusers: WindowDiffuser[],
  prompt: TaskPrompt,
  stepNormalizer: Normalizer,
  root: Rng,
  opts: TrainGeneratorOptions,
): Map<number, PrunerCalibration> {
  const stateStd = stepNormalizer.std.subarray(0, data.obsDim);
  const out = new Map<number, PrunerCalibration>();
  for (const diffuser of diffusers) {
    const k = diffuser.windowLength;
    const calibration = calibrateGeneratorDiffuser(diffuser, data, settings, prompt, stateStd, root.split());
    out.set(k, calibration);
    opts.onProgress?.({
      stage: "pruner",
      windowLength: k,
      step: out.size,
      totalSteps: diffusers.length,
      threshold: calibration.threshold,
    });
  }
  return out;
}
