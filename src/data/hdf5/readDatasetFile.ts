// Reads a dataset file in either layout: D4RL (top-level 'observations', ...) or Minari
// (episode_0, episode_1, ... groups). Any problem is one DatasetFileError sentence.
import type { Dataset } from "../dataset.js";
import { readD4rlLayout } from "./d4rlReader.js";
import { DatasetFileError } from "./datasetFileError.js";
import { minariEpisodeNames, readMinariLayout } from "./minariReader.js";
import { withHdf5File } from "./openHdf5.js";

export type DatasetLayout = "d4rl" | "minari";

export interface LoadedDataset {
  dataset: Dataset;
  layout: DatasetLayout;
}

export async function readDatasetFile(path: string): Promise<LoadedDataset> {
  return withHdf5File(path, (f) => {
    const keys = f.file.keys();
    if (keys.includes("observations")) return { dataset: readD4rlLayout(f), layout: "d4rl" as const };
    const episodes = minariEpisodeNames(keys);
    if (episodes.length > 0) return { dataset: readMinariLayout(f, episodes), layout: "minari" as const };
    const shown =
      keys.length === 0
        ? "it is empty"
        : `its top-level keys are ${keys.slice(0, 8).join(", ")}${keys.length > 8 ? ", ..." : ""}`;
    throw new DatasetFileError(
      path,
      `${shown}; expected the D4RL layout ('observations', 'actions', 'rewards', 'terminals', 'timeouts') or Minari episode groups ('episode_0', ...)`,
    );
  });
}
