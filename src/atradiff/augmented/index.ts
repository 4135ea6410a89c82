// ATraDiff's augmented replay buffer (§4.2, Algorithm 1): D_o and D_s, trajectories requested at
// rate rho / ((1 - rho) L), generated in batches in the agent's thread or in a worker thread.
export {
  type AugmentedBufferSettings,
  type AugmentedBufferSettingsInput,
  augmentedBufferSettingsSchema,
  generationProbability,
  parseAugmentedBufferSettings,
} from "./augmentedBufferSettings.js";
export {
  AugmentedReplayBuffer,
  type AugmentedReplayBufferParts,
  type AugmentedReplayBufferState,
  type GenerationShares,
  type RequestLag,
  type SavedAugmentedReplayBufferState,
} from "./augmentedReplayBuffer.js";
export { batchRows } from "./batchRows.js";
export { measureExpectedLength } from "./expectedLength.js";
export { batchRng, type GenerationBackend, InThreadGeneration } from "./generationBackend.js";
export { binomialSplit, RhoSplitSampler } from "./rhoSplit.js";
export {
  checkTrajectories,
  type GeneratedTrajectory,
  type GenerationCounts,
  type GeneratorSourceOptions,
  generatorSource,
  type TrajectorySource,
} from "./trajectorySource.js";
export { WorkerGeneration, type WorkerGenerationOptions } from "./workerGeneration.js";
export type { WorkerSourceSpec } from "./workerMessages.js";
