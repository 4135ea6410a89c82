// atradiff/generator: the ATraDiff method (ICML 2024). §4.1 the generator: training windows with end
// padding, window diffusers for several lengths (or one length-conditioned diffuser), the length
// estimator, the pruner, the plausibility gate, generation of variable-length trajectories from given
// start states, and its training; §4.2 Algorithm 1's augmented replay buffer; §4.3 online adaptation.
// What a user needs to use the method; the parts' internals (calibration helpers, window layout
// arithmetic, worker messages) stay inside.

// §4.3: online adaptation.
export {
  type AdaptationSettings,
  type AdaptationSettingsInput,
  adaptationSettingsSchema,
  parseAdaptationSettings,
} from "./adaptation/adaptationSettings.js";
export {
  type AdaptationReport,
  OnlineAdaptation,
  type OnlineAdaptationParts,
  type TdErrorAgent,
} from "./adaptation/onlineAdaptation.js";
export { RewardIndicator } from "./adaptation/rewardIndicator.js";
export { TdErrorIndicator, type TdErrorScorer } from "./adaptation/tdErrorIndicator.js";
// §4.2: Algorithm 1.
export {
  type AugmentedBufferSettings,
  type AugmentedBufferSettingsInput,
  augmentedBufferSettingsSchema,
  generationProbability,
  parseAugmentedBufferSettings,
} from "./augmented/augmentedBufferSettings.js";
export {
  AugmentedReplayBuffer,
  type AugmentedReplayBufferParts,
  type GenerationShares,
  type RequestLag,
} from "./augmented/augmentedReplayBuffer.js";
export { measureExpectedLength } from "./augmented/expectedLength.js";
export { type GenerationBackend, InThreadGeneration } from "./augmented/generationBackend.js";
export {
  type GeneratedTrajectory,
  type GeneratorSourceOptions,
  generatorSource,
  type TrajectorySource,
} from "./augmented/trajectorySource.js";
export { WorkerGeneration, type WorkerGenerationOptions } from "./augmented/workerGeneration.js";
export type { WorkerSourceSpec } from "./augmented/workerMessages.js";
// §4.1: the generator and its parts.
export { loadGenerator, saveGenerator } from "./generator/generatorCheckpoint.js";
export {
  type GeneratorSettings,
  type GeneratorSettingsInput,
  generatorSettingsSchema,
  type LengthEstimatorSettings,
  lengthEstimatorSettingsSchema,
  type PrunerSettings,
  parseGeneratorSettings,
  prunerSettingsSchema,
  type TaskPromptSettings,
  taskPromptSettingsSchema,
} from "./generator/generatorSettings.js";
export { LengthEstimator, type LengthEstimatorShape } from "./generator/lengthEstimator.js";
export { type GateCalibration, PlausibilityGate } from "./generator/plausibilityGate.js";
export { bestCut, type CutSearch, type GapWeighting, prunedLength } from "./generator/pruner.js";
export type { PrunerCalibration } from "./generator/prunerCalibration.js";
export { type Task, TaskPrompt } from "./generator/taskPrompt.js";
export {
  type GenerateOptions,
  type GeneratorParts,
  TrajectoryGenerator,
} from "./generator/trajectoryGenerator.js";
export {
  WindowDiffuser,
  type WindowDiffuserShape,
  type WindowSampleOptions,
} from "./generator/windowDiffuser.js";
export {
  type TrainedGenerator,
  type TrainGeneratorOptions,
  trainGenerator,
} from "./training/trainGenerator.js";
export {
  checkTrainingData,
  type TrainingData,
  type TrainingEpisode,
  trainingEpisodesFromDataset,
} from "./windows/trainingEpisodes.js";
export { TrainingWindows } from "./windows/trainingWindows.js";
export { type Trajectory, windowToTrajectory } from "./windows/trajectory.js";
export type { WindowLayout } from "./windows/windowLayout.js";
