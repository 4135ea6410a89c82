// Stage: a dataset built by its `atradiff dataset build` recipe from the committed behavior policies.
// A build writes its file atomically at the end, so the file is either whole or absent: a killed
// build starts over (about a minute per 100k rows). An existing file counts as done only if its
// metadata says it is the plan's recipe, size and seed.
import { existsSync } from "node:fs";
import { readAttributes } from "../data/hdf5/attributes.js";
import { withHdf5File } from "../data/hdf5/openHdf5.js";
import {
  type BuildProgress,
  buildDataset,
  DEFAULT_DATASET_SEED,
  DEFAULT_DATASET_SIZE,
} from "../datasets/buildDataset.js";
import type { ProgressTask } from "../util/progress.js";
import type { DatasetSpec } from "./pipelinePlan.js";
import type { Stage } from "./stage.js";

export function datasetStage(spec: DatasetSpec): Stage {
  return {
    label: `dataset ${spec.name}${spec.size ? ` (${spec.size} rows)` : ""}`,
    state: async () => {
      if (!existsSync(spec.path)) return "todo";
      await checkBuiltAsPlanned(spec);
      return "done";
    },
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

/**
 * Throws one sentence unless the file at spec.path was built by spec's recipe with its size and
 * seed (recipes that take no size or seed, like medium-replay, record none).
 */
async function checkBuiltAsPlanned(spec: DatasetSpec): Promise<void> {
  const m = await withHdf5File(spec.path, (f) => readAttributes(f.file));
  const want = { seed: spec.seed ?? DEFAULT_DATASET_SEED, size: spec.size ?? DEFAULT_DATASET_SIZE };
  const got = { seed: m.seed, size: m.size_per_rollout };
  const differs =
    m.dataset_name !== spec.name ||
    (got.seed !== undefined && got.seed !== want.seed) ||
    (got.size !== undefined && got.size !== want.size);
  if (differs)
    throw new Error(
      `${spec.path} holds ${String(m.dataset_name ?? "another dataset")} (${got.size ?? "?"} rows per rollout, seed ${got.seed ?? "?"}), but the plan asks for ${spec.name} (${want.size} rows, seed ${want.seed}); move the file away or give the plan its size and seed.`,
    );
}
