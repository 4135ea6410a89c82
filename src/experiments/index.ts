// atradiff/experiments: training jobs above the layers they drive. learn() trains one agent in one
// call and returns a TrainedAgent that acts, saves and loads; below it, what `atradiff train` and
// `atradiff report` run: the run settings (schemas), a job's directory and its seeds, the seed
// runner and the online and offline loops, evaluation, and reports over runs.

export {
  ADAPTS,
  type AdaptName,
  AUGMENTS,
  type AugmentName,
  type AugmentSettings,
  augmentSettingsSchema,
} from "./augmentConfig.js";
export { type EvalResult, evaluate } from "./evaluate.js";
export { createJob, jobStatus, readJobConfig, type SeedStatus, seedDirectory } from "./jobDirectory.js";
export { type LearnOptions, type LearnResult, type LearnSettings, learn, loadTrainedAgent } from "./learn.js";
export type { LoopProgress, LoopResult } from "./loopRun.js";
export { type OfflineLoopParts, runOfflineLoop } from "./offlineLoop.js";
export { type OnlineLoopParts, runOnlineLoop } from "./onlineLoop.js";
export {
  type EvalPoint,
  metricsCsv,
  type ReportOptions,
  readRun,
  type SeedSeries,
  summarizeRuns,
  type WrittenReport,
  writeReport,
} from "./report/index.js";
export {
  AGENT_NAMES,
  type AgentName,
  MODES,
  type RunConfig,
  type RunMode,
  type RunSettings,
  runConfigSchema,
  runSettingsSchema,
  type TrainConfig,
  trainConfigSchema,
} from "./runConfig.js";
export { readRunConfig, runSeed, type SeedHooks } from "./runSeed.js";
export { planWorkers, runSeedsInWorkers, type SeedJob, type SeedOutcome } from "./seedPool.js";
export { type PredictOptions, TrainedAgent } from "./trainedAgent.js";
export type { TrainingBuffer } from "./trainingBuffer.js";
export { trainingJobSettings } from "./trainingJobSettings.js";
