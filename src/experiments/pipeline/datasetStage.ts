// Stage: a dataset built by its `atradiff dataset build` recipe from the committed behavior policies.
// A build writes its file atomically at the end, so the file is either whole or absent: a killed
// build starts over (about a minute per 100k rows).
import { existsSync } from "node:fs";
import { type BuildProgress, buildDataset } from "../../datasets/buildDataset.js";
import type { ProgressTask } from "../../util/progress.js";
import type { DatasetSpec } from "./pipelinePlan.js";
import type { Stage } from "./stage.js";

export function datasetStage(spec: DatasetSpec): Stage {
  return {
    label: `dataset ${spec.name}${spec.size ? ` (${spec.size} rows)` : ""}`,
    state: () => (existsSync(spec.path) ? "done" : "todo"),
    run: async ({ board }) => {
      let task: { key: string; progress: ProgressTask } | null = null;
      const onProgress = (p: BuildProgress) => {
        const key = `${p.phase}:${p.label}`;
        if (task?.key !== key) {
          task?.progress.finish();
          task = { key, progress: board.add(p.phase === "writing" ? "writing" : p.label, p.total, p.done) };
        }
        task.progress.update(p.done);
      };
      await buildDataset({
        name: spec.name,
        size: spec.size,
        seed: spec.seed,
        outputPath: spec.path,
        onProgress,
      });
      (task as { progress: ProgressTask } | null)?.progress.finish();
    },
  };
}
