// The data layer: offline datasets (HDF5 in the D4RL and Minari layouts), episodes, transitions,
// D4RL scores, the data directory, and the replay buffer.
export * from "./batch.js";
export * from "./d4rlScores.js";
export * from "./dataDirectory.js";
export * from "./dataset.js";
export * from "./datasetSummary.js";
export * from "./episodes.js";
export { type WriteDatasetOptions, writeDatasetFile } from "./hdf5/d4rlWriter.js";
export { DatasetFileError } from "./hdf5/datasetFileError.js";
export { type DatasetLayout, type LoadedDataset, readDatasetFile } from "./hdf5/readDatasetFile.js";
export * from "./replayBuffer.js";
export * from "./replayBufferFile.js";
export * from "./transitions.js";
