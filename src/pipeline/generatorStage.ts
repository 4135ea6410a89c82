// Stage: the ATraDiff generator (§4.1) trained on a dataset by `atradiff diffuser train`'s resumable
// runner: each diffuser is saved every `saveEvery` steps, so a killed training continues from its
// last save and ends equal to an uninterrupted one. Ctrl-C (or the pipeline's signal) saves the
// diffuser in training at the step it reached and stops the pipeline.
import {
  savedGeneratorSettings,
  savedGeneratorTrainedOn,
} from "../atradiff/generator/generatorCheckpoint.js";
import { parseGeneratorSettings } from "../atradiff/generator/generatorSettings.js";
import {
  directoryState,
  GENERATOR_STOPPING,
  GeneratorTrainingStopped,
  runDiffuserTraining,
} from "../atradiff/training/generatorTrainingRun.js";
import { trainingEpisodesFromDataset } from "../atradiff/windows/trainingEpisodes.js";
import { readDatasetFile } from "../data/hdf5/readDatasetFile.js";
import { fileSha256 } from "../util/fileHash.js";
import { listenForInterrupts } from "../util/interrupts.js";
import type { GeneratorSpec } from "./pipelinePlan.js";
import { canonicalJson } from "./planRunConfig.js";
import { PipelineStopped, type Stage, type StageState } from "./stage.js";

/** Why the finished generator in spec.dir is not the plan's, or null when it is. */
function otherGenerator(spec: GeneratorSpec): string | null {
  if (
    canonicalJson(savedGeneratorSettings(spec.dir)) !== canonicalJson(parseGeneratorSettings(spec.settings))
  )
    return `${spec.dir} holds a generator trained with other settings than the plan's`;
  const trainedOn = savedGeneratorTrainedOn(spec.dir); // null: saved before it was recorded
  if (trainedOn && trainedOn.dataset !== spec.dataset)
    return `${spec.dir} holds a generator trained on ${trainedOn.dataset}, not on the plan's ${spec.dataset}`;
  // The hash is absent in generators saved before it was recorded; those are taken as they are.
  if (trainedOn?.sha256 !== undefined) {
    const now = fileSha256(spec.dataset);
    if (now !== trainedOn.sha256)
      return `${spec.dir} holds a generator trained on other contents of ${spec.dataset} (SHA-256 ${trainedOn.sha256.slice(0, 12)}... then, ${now.slice(0, 12)}... now)`;
  }
  return null;
}

/** With force, another generator is replaced (only if atradiff marked its directory). */
function state(spec: GeneratorSpec, force: boolean): StageState {
  const s = directoryState(spec.dir);
  if (s === "new") return "todo";
  // runDiffuserTraining refuses one of other settings, or of an older format, with one sentence.
  if (s === "partial" || s === "outdated") return "partial";
  const other = otherGenerator(spec);
  if (other === null) return "done";
  if (force) return "todo";
  throw new Error(
    `${other}; pass --force to replace it, or move it away to train the plan's generator there.`,
  );
}

export function generatorStage(spec: GeneratorSpec, force = false): Stage {
  const ks = parseGeneratorSettings(spec.settings).windowLengths.join(",");
  return {
    label: `ATraDiff generator (window lengths ${ks}) -> ${spec.dir}`,
    state: () => state(spec, force),
    run: async ({ board, signal }) => {
      const { dataset } = await readDatasetFile(spec.dataset);
      const interrupts = listenForInterrupts((m) => board.log(m), GENERATOR_STOPPING);
      try {
        const { generator } = await runDiffuserTraining({
          data: trainingEpisodesFromDataset(dataset),
          datasetPath: spec.dataset,
          datasetSha256: fileSha256(spec.dataset),
          settings: parseGeneratorSettings(spec.settings),
          outDir: spec.dir,
          // Only a finished generator of other settings is replaced; a partial one is continued.
          force: force && directoryState(spec.dir) === "generator" && otherGenerator(spec) !== null,
          chunkSteps: spec.saveEvery,
          progress: board,
          signal: AbortSignal.any([signal, interrupts.graceful]),
        });
        generator.dispose();
      } catch (err) {
        if (err instanceof GeneratorTrainingStopped)
          throw new PipelineStopped(`the generator training (${err.saved})`);
        throw err;
      } finally {
        interrupts.dispose();
      }
    },
  };
}
