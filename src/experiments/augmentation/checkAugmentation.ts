// Checks, before a job's directories are created, that its augmentation can run on its env: the
// generator (or SynthER model) exists and makes the env's observation and action sizes, Algorithm
// 1's request probability is at most 1, adaptation sees the env's own units, and the buffers it adds
// fit in the memory budget.
import { generationProbability } from "../../atradiff/augmented/augmentedBufferSettings.js";
import { loadGenerator } from "../../atradiff/generator/generatorCheckpoint.js";
import { ReplayBuffer } from "../../data/replayBuffer.js";
import { checkMemoryBudget } from "../../util/memoryBudget.js";
import type { RunSettings } from "../job/runConfig.js";
import { checkAdaptationPreprocessing } from "./runAugmentation.js";
import { loadSyntherModel } from "./syntherTrainingBuffer.js";

/** Needs the engine (initEngine). */
export function checkAugmentationFits(config: RunSettings, obsDim: number, actDim: number): void {
  const s = config.augmentSettings;
  const pre = config.preprocessing;
  const identity =
    !pre || (!pre.normalizeObservations && pre.rewardScale === "none" && pre.rewardShift === 0);
  checkAdaptationPreprocessing(config, identity);
  // The buffers augmentation adds, against the memory budget, named by the setting that sizes them.
  const bufferFits = (rows: number, what: string, setting: string) =>
    checkMemoryBudget(`${what} (${rows} transitions)`, ReplayBuffer.bytes(rows, obsDim, actDim), setting);
  if (config.augment !== "none" && config.mode === "offline")
    bufferFits(s.upsampleTo, "The upsampled dataset", '"upsampleTo" in --augment-settings');
  if (config.augment === "atradiff" && config.mode !== "offline")
    bufferFits(
      s.atradiff.syntheticCapacity,
      "The buffer of generated transitions",
      '"atradiff.syntheticCapacity" in --augment-settings',
    );
  if (config.augment === "atradiff") {
    const dir = config.generator!;
    const g = loadGenerator(dir);
    const [o, a] = [g.obsDim, g.actDim];
    g.dispose();
    if (o !== obsDim || a !== actDim)
      throw new Error(
        `The generator ${dir} makes observations of size ${o} and actions of size ${a}, but ${config.env} has ${obsDim} and ${actDim}.`,
      );
    if (s.atradiff.expectedLength !== null) generationProbability(s.atradiff.rho, s.atradiff.expectedLength);
  }
  if (config.augment === "synther" && s.synther.pretrained !== null)
    loadSyntherModel(s.synther.pretrained, obsDim, actDim).dispose();
}
