// The measuring side of datasetLoadMeasure.ts, run in its own process: loads the HDF5 library,
// notes the RSS, reads the file given as the first argument, and prints one JSON LoadMeasurement.
// With "h5wasm-value" as the second argument it reads the D4RL columns through h5wasm's
// `dataset.value` instead (the reference the library's reader is compared with).
import type { Dataset } from "../../data/dataset.js";
import { loadH5 } from "../../data/hdf5/h5Library.js";
import { withHdf5File } from "../../data/hdf5/openHdf5.js";
import { readDatasetFile } from "../../data/hdf5/readDatasetFile.js";
import type { LoadMeasurement, LoadMethod } from "./datasetLoadMeasure.js";

const D4RL_COLUMNS = [
  "observations",
  "actions",
  "rewards",
  "terminals",
  "timeouts",
  "next_observations",
  "infos/qpos",
  "infos/qvel",
];

interface Loaded {
  arrays: (ArrayBufferView | undefined | null)[];
  steps: number;
  episodes: number;
}

function datasetArrays(dataset: Dataset): Loaded {
  return {
    arrays: [
      dataset.observations,
      dataset.actions,
      dataset.rewards,
      dataset.terminals,
      dataset.timeouts,
      dataset.nextObservations,
      dataset.qpos?.values,
      dataset.qvel?.values,
    ],
    steps: dataset.size,
    episodes: dataset.episodeOffsets.length - 1,
  };
}

/** Each present D4RL column as h5wasm's `value` returns it (a typed array copied out of its heap). */
function h5wasmValues(path: string): Promise<Loaded> {
  return withHdf5File(path, (f) => {
    const arrays = D4RL_COLUMNS.filter((name) => f.file.get(name) !== null).map(
      (name) => (f.file.get(name) as { value: ArrayBufferView }).value,
    );
    const steps = (f.file.get("rewards") as { shape: number[] }).shape[0];
    return { arrays, steps, episodes: Number.NaN };
  });
}

async function measureLoad(path: string, method: LoadMethod): Promise<LoadMeasurement> {
  await loadH5();
  const baselineRssBytes = process.memoryUsage().rss;
  const t0 = performance.now();
  const loaded =
    method === "h5wasm-value"
      ? await h5wasmValues(path)
      : datasetArrays((await readDatasetFile(path)).dataset);
  const seconds = (performance.now() - t0) / 1000;
  return {
    method,
    seconds,
    arrayBytes: loaded.arrays.reduce((sum, a) => sum + (a?.byteLength ?? 0), 0),
    baselineRssBytes,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    steps: loaded.steps,
    episodes: loaded.episodes,
  };
}

process.stdout.write(
  `${JSON.stringify(await measureLoad(process.argv[2], process.argv[3] as LoadMethod))}\n`,
);
