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
} from "./job/augmentConfig.js";
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
} from "./job/runConfig.js";
export { trainingJobSettings } from "./job/trainingJobSettings.js";
export {
  type LearnOptions,
  type LearnResult,
  type LearnSettings,
  learn,
  loadTrainedAgent,
} from "./learn/learn.js";
export { type PredictOptions, TrainedAgent } from "./learn/trainedAgent.js";
export { type EvalResult, evaluate } from "./loops/evaluate.js";
export type { LoopProgress, LoopResult } from "./loops/loopRun.js";
export { type OfflineLoopParts, runOfflineLoop } from "./loops/offlineLoop.js";
export { type OnlineLoopParts, runOnlineLoop } from "./loops/onlineLoop.js";
export type { TrainingBuffer } from "./loops/trainingBuffer.js";
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
export { createJob, jobStatus, readJobConfig, type SeedStatus, seedDirectory } from "./seeds/jobDirectory.js";
export { readRunConfig, runSeed, type SeedHooks } from "./seeds/runSeed.js";
export { planWorkers, runSeedsInWorkers, type SeedJob, type SeedOutcome } from "./seeds/seedPool.js";
