// Trains the whole ATraDiff generator (§4.1) on offline episodes, in memory: generatorTraining.ts run
// straight through, so the generator is bit for bit the one `atradiff diffuser train` makes from the
// same data and settings (generatorTrainingRun.ts).
import type { ProgressTask } from "../../util/progress.js";
import { type GeneratorSettingsInput, parseGeneratorSettings } from "../generator/generatorSettings.js";
import type { TrainingData } from "../windows/trainingEpisodes.js";
import { generatorTraining, runToEnd, type TrainedGenerator } from "./generatorTraining.js";

export type { TrainedGenerator } from "./generatorTraining.js";

export interface TrainGeneratorOptions {
  /** Progress of each stage (a ProgressBoard's add, for instance). */
  track?: (label: string, total: number, start: number) => ProgressTask;
}

export function trainGenerator(
  data: TrainingData,
  settingsInput: GeneratorSettingsInput = {},
  opts: TrainGeneratorOptions = {},
): TrainedGenerator {
  const settings = parseGeneratorSettings(settingsInput);
  return runToEnd(generatorTraining({ data, settings, track: opts.track }));
}
