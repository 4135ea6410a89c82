// Stage: the ATraDiff generator (§4.1) trained on a dataset by `atradiff diffuser train`'s resumable
// runner: each diffuser is saved every `saveEvery` steps, so a killed training continues from its
// last save and ends equal to an uninterrupted one.
import { savedGeneratorSettings } from "../../atradiff/generatorCheckpoint.js";
import { parseGeneratorSettings } from "../../atradiff/generatorSettings.js";
import { directoryState, runDiffuserTraining } from "../../atradiff/generatorTrainingRun.js";
import { trainingEpisodesFromDataset } from "../../atradiff/trainingEpisodes.js";
import { readDatasetFile } from "../../data/hdf5/readDatasetFile.js";
import type { GeneratorSpec } from "./pipelinePlan.js";
import { canonicalJson } from "./planRunConfig.js";
import type { Stage, StageState } from "./stage.js";

function state(spec: GeneratorSpec): StageState {
  const s = directoryState(spec.dir);
  if (s === "new") return "todo";
  if (s === "partial") return "partial"; // runDiffuserTraining refuses one of other settings
  if (
    canonicalJson(savedGeneratorSettings(spec.dir)) !== canonicalJson(parseGeneratorSettings(spec.settings))
  )
    throw new Error(
      `${spec.dir} holds a generator trained with other settings than the plan's; move it away to train the plan's generator there.`,
    );
  return "done";
}

export function generatorStage(spec: GeneratorSpec): Stage {
  const ks = parseGeneratorSettings(spec.settings).windowLengths.join(",");
  return {
    label: `ATraDiff generator (window lengths ${ks}) -> ${spec.dir}`,
    state: () => state(spec),
    run: async ({ board }) => {
      const { dataset } = await readDatasetFile(spec.dataset);
      const { generator } = runDiffuserTraining({
        data: trainingEpisodesFromDataset(dataset),
        datasetPath: spec.dataset,
        settings: parseGeneratorSettings(spec.settings),
        outDir: spec.dir,
        force: false,
        chunkSteps: spec.saveEvery,
        progress: board,
      });
      generator.dispose();
    },
  };
}
