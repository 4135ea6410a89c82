// Stage: a SynthER model pre-trained on a dataset's transitions (Lu et al. 2023), whose samples fill
// an online SynthER run's synthetic buffer until its first retraining. Trained in one go (SynthER's
// trainer keeps no partial state): a killed pre-training starts over. The settings it was trained
// with are recorded next to it (<file>.json), so a model of other settings is never reused.
import { existsSync, readFileSync } from "node:fs";
import { parseSyntherSettings } from "../baselines/synther/syntherSettings.js";
import { trainSynther } from "../baselines/synther/trainSynther.js";
import { readDatasetFile } from "../data/hdf5/readDatasetFile.js";
import { transitionView } from "../data/transitions.js";
import { writeFileAtomic } from "../util/atomicWrite.js";
import type { SyntherSpec } from "./pipelinePlan.js";
import { canonicalJson } from "./planRunConfig.js";
import type { Stage } from "./stage.js";

function record(spec: SyntherSpec): string {
  return `${canonicalJson({ dataset: spec.dataset, settings: spec.settings })}\n`;
}

export function syntherStage(spec: SyntherSpec): Stage {
  const recordFile = `${spec.file}.json`;
  return {
    label: `SynthER pre-training -> ${spec.file}`,
    state: () => {
      if (!existsSync(spec.file)) return "todo";
      if (!existsSync(recordFile) || readFileSync(recordFile, "utf8") !== record(spec))
        throw new Error(
          `${spec.file} was trained with other settings than the plan's (see ${recordFile}); move it away to pre-train the plan's model.`,
        );
      return "done";
    },
    run: async ({ board }) => {
      const { dataset } = await readDatasetFile(spec.dataset);
      const total = parseSyntherSettings(spec.settings).diffusion.training.totalSteps;
      const task = board.add("SynthER", total, 0);
      const model = trainSynther(transitionView(dataset), spec.settings, {
        onProgress: (p) => task.update(p.step, { loss: p.loss }),
      });
      task.finish();
      // The record first: a kill between the two writes leaves a record without a model (todo),
      // never a model without its record (which state() would refuse).
      writeFileAtomic(recordFile, record(spec));
      try {
        model.save(spec.file);
      } finally {
        model.dispose();
      }
    },
  };
}
