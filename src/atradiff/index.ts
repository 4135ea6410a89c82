// The ATraDiff generator (ICML 2024, §4.1): training windows with end padding, window diffusers for
// several lengths (or one length-conditioned diffuser), the length estimator, the pruner, and
// generation of variable-length trajectories from given start states.

export { clipActions } from "./generator/actionClip.js";
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
export { roundUpToPresetLength } from "./generator/presetLength.js";
export { bestCut, type CutSearch, type GapWeighting, prunedLength } from "./generator/pruner.js";
export {
  balancedError,
  type CalibrationPopulation,
  calibrateGeneratorDiffuser,
  calibrateOnGeneratedWindows,
  calibrateOnRealWindows,
  calibratePruner,
  drawCalibrationWindows,
  type PrunerCalibration,
  populationWindows,
  prunerThresholds,
  rowGap,
  separatingThreshold,
  usagePopulation,
} from "./generator/prunerCalibration.js";
export { adjacentSimilarities } from "./generator/stateSimilarity.js";
export { type Task, TaskPrompt } from "./generator/taskPrompt.js";
export {
  type GenerateOptions,
  type GeneratorParts,
  TrajectoryGenerator,
} from "./generator/trajectoryGenerator.js";
export { cutWindow, type WindowCut } from "./generator/windowCut.js";
export {
  WindowDiffuser,
  type WindowDiffuserShape,
  type WindowSampleOptions,
} from "./generator/windowDiffuser.js";
export {
  assembleGenerator,
  type GeneratorPartsStore,
  generatorTraining,
  type TrainedGenerator,
} from "./training/generatorTraining.js";
export { type TrainGeneratorOptions, trainGenerator } from "./training/trainGenerator.js";
export {
  evaluateLengthEstimator,
  type LengthEstimatorEvaluation,
  type LengthEstimatorProgress,
  trainLengthEstimator,
} from "./training/trainLengthEstimator.js";
export { PlausibilityGateTraining } from "./training/trainPlausibilityGate.js";
export {
  type TrainWindowDiffuserOptions,
  trainWindowDiffuser,
  type WindowDiffuserProgress,
} from "./training/trainWindowDiffuser.js";
export {
  conditionNormalizer,
  fitStepNormalizer,
  stateNormalizer,
  windowNormalizer,
} from "./windows/stepStatistics.js";
export {
  checkTrainingData,
  type TrainingData,
  type TrainingEpisode,
  trainingEpisodesFromDataset,
  transitionCount,
} from "./windows/trainingEpisodes.js";
export { TrainingWindows } from "./windows/trainingWindows.js";
export { type Trajectory, terminalLength, windowToTrajectory } from "./windows/trajectory.js";
export * from "./windows/windowLayout.js";
