// The ATraDiff generator (ICML 2024, §4.1): training windows with end padding, window diffusers for
// several lengths (or one length-conditioned diffuser), the length estimator, the pruner, and
// generation of variable-length trajectories from given start states.

export { clipActions } from "./actionClip.js";
export { loadGenerator, saveGenerator } from "./generatorCheckpoint.js";
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
} from "./generatorSettings.js";
export {
  assembleGenerator,
  type GeneratorPartsStore,
  generatorTraining,
  type TrainedGenerator,
} from "./generatorTraining.js";
export { LengthEstimator, type LengthEstimatorShape } from "./lengthEstimator.js";
export { type GateCalibration, PlausibilityGate } from "./plausibilityGate.js";
export { roundUpToPresetLength } from "./presetLength.js";
export { bestCut, type CutSearch, type GapWeighting, prunedLength } from "./pruner.js";
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
} from "./prunerCalibration.js";
export { adjacentSimilarities } from "./stateSimilarity.js";
export {
  conditionNormalizer,
  fitStepNormalizer,
  stateNormalizer,
  windowNormalizer,
} from "./stepStatistics.js";
export { type Task, TaskPrompt } from "./taskPrompt.js";
export { type TrainGeneratorOptions, trainGenerator } from "./trainGenerator.js";
export {
  checkTrainingData,
  type TrainingData,
  type TrainingEpisode,
  trainingEpisodesFromDataset,
  transitionCount,
} from "./trainingEpisodes.js";
export { TrainingWindows } from "./trainingWindows.js";
export {
  evaluateLengthEstimator,
  type LengthEstimatorEvaluation,
  type LengthEstimatorProgress,
  trainLengthEstimator,
} from "./trainLengthEstimator.js";
export { PlausibilityGateTraining } from "./trainPlausibilityGate.js";
export {
  type TrainWindowDiffuserOptions,
  trainWindowDiffuser,
  type WindowDiffuserProgress,
} from "./trainWindowDiffuser.js";
export { type Trajectory, terminalLength, windowToTrajectory } from "./trajectory.js";
export { type GenerateOptions, type GeneratorParts, TrajectoryGenerator } from "./trajectoryGenerator.js";
export { cutWindow, type WindowCut } from "./windowCut.js";
export { WindowDiffuser, type WindowDiffuserShape, type WindowSampleOptions } from "./windowDiffuser.js";
export * from "./windowLayout.js";
