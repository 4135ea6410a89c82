// Stage: a trained ATraDiff generator cut down to some of its window lengths (e.g. 5, 10, 15, whose
// windows stay physical when the longer ones do not: results/central-claim-generators/), its
// pruner calibrated again for the new split of start states (`diffuser calibrate --lengths`). Quick
// (no diffuser is trained), so a killed cut is simply made again.
import {
  holdsGenerator,
  loadGenerator,
  savedGeneratorSettings,
  savedGeneratorTrainedOn,
  saveGenerator,
} from "../atradiff/generator/generatorCheckpoint.js";
import { withWindowLengths } from "../atradiff/training/generatorRecalibration.js";
import { trainingEpisodesFromDataset } from "../atradiff/windows/trainingEpisodes.js";
import { readDatasetFile } from "../data/hdf5/readDatasetFile.js";
import type { GeneratorCutSpec } from "./pipelinePlan.js";
import { canonicalJson } from "./planRunConfig.js";
import type { Stage, StageState } from "./stage.js";

function state(spec: GeneratorCutSpec): StageState {
  if (!holdsGenerator(spec.dir)) return "todo";
  const lengths = savedGeneratorSettings(spec.dir).windowLengths;
  if (canonicalJson(lengths) !== canonicalJson(spec.windowLengths))
    throw new Error(
      `${spec.dir} holds a generator of window lengths ${lengths.join(",")}, not the plan's ${spec.windowLengths.join(",")}; move it away to make the plan's there.`,
    );
  return "done";
}

export function generatorCutStage(spec: GeneratorCutSpec): Stage {
  return {
    label: `ATraDiff generator (window lengths ${spec.windowLengths.join(",")} of ${spec.from}) -> ${spec.dir}`,
    state: () => state(spec),
    run: async ({ board }) => {
      const { dataset } = await readDatasetFile(spec.dataset);
      const whole = loadGenerator(spec.from);
      try {
        const cut = await withWindowLengths(
          whole,
          trainingEpisodesFromDataset(dataset),
          spec.windowLengths,
          (l, t, s) => board.add(l, t, s),
        );
        saveGenerator(cut, spec.dir, {
          trainedOn: savedGeneratorTrainedOn(spec.from),
          samplingOnly: whole.diffusers.some((d) => d.diffusion.samplingWeightsOnly),
        });
      } finally {
        whole.dispose(); // the cut shares its estimator and diffusers
      }
    },
  };
}
