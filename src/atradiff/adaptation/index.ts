// ATraDiff's online adaptation (§4.3): importance indicators (TD error, trajectory return), the
// windows of the chosen real samples, fine-tuning with a pull toward the frozen original diffuser.
export {
  type AdaptationSettings,
  type AdaptationSettingsInput,
  adaptationSettingsSchema,
  parseAdaptationSettings,
} from "./adaptationSettings.js";
export { sampleSegments, sampleWindows, segmentLength } from "./adaptationWindows.js";
export { type FineTuneStepOptions, fineTuneStep } from "./fineTuneStep.js";
export { FrozenDiffuser } from "./frozenDiffuser.js";
export { IndexedMaxHeap } from "./indexedMaxHeap.js";
export {
  type AdaptationReport,
  OnlineAdaptation,
  type OnlineAdaptationParts,
  type OnlineAdaptationState,
  type TdErrorAgent,
} from "./onlineAdaptation.js";
export { continuesEpisode, gatherBatch, isStored, rowOf } from "./realSamples.js";
export { RewardIndicator, type RewardIndicatorState } from "./rewardIndicator.js";
export { TdErrorIndicator, type TdErrorIndicatorState, type TdErrorScorer } from "./tdErrorIndicator.js";
