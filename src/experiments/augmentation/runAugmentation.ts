// Builds what a run's --augment / --adapt settings (augmentConfig.ts) make of its data:
// - online modes: the TrainingBuffer the loop stores into and samples from (plain, ATraDiff's
//   augmented buffer with optional adaptation, SynthER's retrained synthetic buffer, S4RL);
// - offline mode: the batch source (the dataset upsampled by SynthER or ATraDiff, or S4RL noise);
// - offline-to-online with S4RL: the dataset half of each batch is noised too.
import { join } from "node:path";
import { parseAdaptationSettings } from "../../atradiff/adaptation/adaptationSettings.js";
import { StateNoiseSampler } from "../../baselines/s4rl/stateNoiseSampler.js";
import { parseSyntherSettings } from "../../baselines/synther/syntherSettings.js";
import type { ReplayBuffer } from "../../data/replayBuffer.js";
import type { TransitionView } from "../../data/transitions.js";
import { adaptationInput, syntherModelInput } from "../job/augmentConfig.js";
import type { RunConfig } from "../job/runConfig.js";
import type { BatchSource } from "../loops/mixedBatchSampler.js";
import { plainTrainingBuffer, type TrainingBuffer } from "../loops/trainingBuffer.js";
import { AtradiffTrainingBuffer } from "./atradiffTrainingBuffer.js";
import { type BufferUnits, isIdentity } from "./runGeneratorSource.js";
import { s4rlTrainingBuffer } from "./s4rlTrainingBuffer.js";
import { SyntherTrainingBuffer } from "./syntherTrainingBuffer.js";
import { upsampledData } from "./upsampledData.js";

/** Adapted generators for the generator worker, inside the seed's directory. */
export const LIVE_GENERATOR_DIR = "generator-live";
/** The upsampled dataset of an offline augmented run, inside the seed's directory. */
export const UPSAMPLED_FILE = "upsampled-data.safetensors";

/** One sentence when the run's preprocessing rules out its adaptation. */
export function checkAdaptationPreprocessing(config: Pick<RunConfig, "adapt">, identity: boolean): void {
  if (config.adapt !== "none" && !identity)
    throw new Error(
      `--adapt ${config.adapt} fine-tunes the generator on the replay buffer, which must then hold the env's own observations and rewards, but this run's preprocessing normalizes observations or transforms rewards.`,
    );
}

export interface OnlineAugmentationContext {
  seedDir: string;
  units: BufferUnits;
  /** States (buffer units) to measure ATraDiff's L from; called only when L is not given. */
  probeStates: () => Float32Array;
}

export function onlineTrainingBuffer(
  config: RunConfig,
  real: ReplayBuffer,
  ctx: OnlineAugmentationContext,
): TrainingBuffer {
  checkAdaptationPreprocessing(config, isIdentity(ctx.units));
  const s = config.augmentSettings;
  switch (config.augment) {
    case "none":
      return plainTrainingBuffer(real);
    case "s4rl":
      return s4rlTrainingBuffer(real, s.s4rl);
    case "synther":
      return new SyntherTrainingBuffer({
        real,
        model: parseSyntherSettings(syntherModelInput(config)),
        retrainEvery: s.synther.retrainEvery,
        syntheticSize: s.synther.syntheticSize,
        generationBatch: s.synther.generationBatch,
        pretrained: s.synther.pretrained,
        seed: config.seed,
      });
    case "atradiff":
      return new AtradiffTrainingBuffer({
        real,
        settings: s.atradiff,
        adaptation: config.adapt === "none" ? null : parseAdaptationSettings(adaptationInput(config)),
        generatorDir: config.generator!,
        workDir: join(ctx.seedDir, LIVE_GENERATOR_DIR),
        seed: config.seed,
        probeStates: s.atradiff.expectedLength === null ? ctx.probeStates() : new Float32Array(0),
        units: ctx.units,
        task: s.generation.task,
        samplerSteps: s.generation.samplerSteps,
        workerThreads: s.generation.workerThreads,
      });
  }
}

/** The offline-to-online dataset source: noised with S4RL, else unchanged. */
export function offlineHalf(config: RunConfig, data: ReplayBuffer): BatchSource {
  return config.augment === "s4rl" ? new StateNoiseSampler(data, config.augmentSettings.s4rl) : data;
}

export interface OfflineAugmentationContext {
  seedDir: string;
  units: BufferUnits;
  /** The dataset's transitions in env units. */
  view: TransitionView;
  onProgress?: (rows: number, total: number) => void;
}

/** The offline mode's batch source. */
export function offlineData(
  config: RunConfig,
  data: ReplayBuffer,
  ctx: OfflineAugmentationContext,
): BatchSource {
  const s = config.augmentSettings;
  if (config.augment === "none") return data;
  if (config.augment === "s4rl") return new StateNoiseSampler(data, s.s4rl);
  const common = {
    view: ctx.view,
    data,
    units: ctx.units,
    upsampleTo: s.upsampleTo,
    seed: config.seed,
    cacheFile: join(ctx.seedDir, UPSAMPLED_FILE),
    onProgress: ctx.onProgress,
  };
  if (config.augment === "synther")
    return upsampledData({
      ...common,
      upsampler: {
        kind: "synther",
        model: parseSyntherSettings(syntherModelInput(config)),
        pretrained: s.synther.pretrained,
        generationBatch: s.synther.generationBatch,
      },
    });
  return upsampledData({
    ...common,
    upsampler: {
      kind: "atradiff",
      generatorDir: config.generator!,
      task: s.generation.task,
      samplerSteps: s.generation.samplerSteps,
      startsPerCall: s.atradiff.generationBatchSize,
    },
  });
}
