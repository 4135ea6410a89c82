// A tiny ATraDiff generator trained on random pendulum episodes (seconds on one thread), saved with
// saveGenerator, for the augmented-run tests. The engine must be initialized.
import { saveGenerator } from "../../src/atradiff/generator/generatorCheckpoint.js";
import type { GeneratorSettingsInput } from "../../src/atradiff/generator/generatorSettings.js";
import { trainGenerator } from "../../src/atradiff/training/trainGenerator.js";
import { trainingEpisodesFromDataset } from "../../src/atradiff/windows/trainingEpisodes.js";
import { readDatasetFile } from "../../src/data/hdf5/readDatasetFile.js";
import { writePendulumDataset } from "./pendulumDataset.js";

export const TINY_GENERATOR_SETTINGS = {
  windowLengths: [4, 8],
  diffusion: {
    denoiser: { temporal: { width: 16, depth: 1 } },
    training: { totalSteps: 40, batchSize: 32 },
    edm: { sampleSteps: 6 },
  },
  estimator: { hiddenSizes: [16], steps: 30 },
  // Trained and applied, but lenient: these models barely learn, and the runs need trajectories.
  plausibilityGate: { members: 2, hiddenSizes: [16], steps: 30, thresholdScale: 1e6 },
  pruner: { calibrationWindows: 8 },
  seed: 3,
};

/** Writes a 3-episode pendulum dataset to `datasetFile` and a generator trained on it to `dir`. */
export async function writeTinyPendulumGenerator(
  datasetFile: string,
  dir: string,
  settings: GeneratorSettingsInput = TINY_GENERATOR_SETTINGS,
): Promise<void> {
  await writePendulumDataset(datasetFile, 3, 0);
  const { dataset } = await readDatasetFile(datasetFile);
  const { generator } = trainGenerator(trainingEpisodesFromDataset(dataset), settings);
  try {
    saveGenerator(generator, dir);
  } finally {
    generator.dispose();
  }
}
