// atradiff/data: offline datasets (HDF5 in the D4RL and Minari layouts), their episodes and
// transitions, D4RL-normalized scores, the data directory, and the replay buffer with its batches.
export { allocBatch, type Batch } from "./batch.js";
export { type D4rlFamily, d4rlFamilyOf, d4rlNormalizedScore } from "./d4rlScores.js";
export { dataDirectory, datasetPath, resolveDataset } from "./dataDirectory.js";
export {
  type Dataset,
  type DatasetColumns,
  type Metadata,
  type MetadataValue,
  makeDataset,
} from "./dataset.js";
export { type DatasetSummary, summarizeDataset } from "./datasetSummary.js";
export {
  type Episode,
  type EpisodeEnd,
  episodeCount,
  episodeLengths,
  episodeReturns,
  splitEpisodes,
} from "./episodes.js";
export { type WriteDatasetOptions, writeDatasetFile } from "./hdf5/d4rlWriter.js";
export { DatasetFileError } from "./hdf5/datasetFileError.js";
export { type DatasetLayout, type LoadedDataset, readDatasetFile } from "./hdf5/readDatasetFile.js";
export {
  ReplayBuffer,
  type ReplayBufferState,
  type Transition,
  type TransitionColumns,
} from "./replayBuffer.js";
export { loadReplayBuffer, type SaveReplayBufferOptions, saveReplayBuffer } from "./replayBufferFile.js";
export { type TransitionView, transitionView } from "./transitions.js";
