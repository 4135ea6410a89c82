// Peak memory of loading a D4RL-layout file against the bytes of the arrays it produces (issue:
// "a 2M-transition file loads in one pass into Float32Arrays without doubling peak memory"). The
// load runs in a fresh child process (datasetLoadChild.ts) so that its peak resident set size
// (maxRSS) is the load's alone. Used by the bench (datasetLoadBench.ts) and by the data tests.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { makeDataset } from "../../data/dataset.js";
import { writeDatasetFile } from "../../data/hdf5/d4rlWriter.js";
import { Rng } from "../../engine/rng.js";

/** The library's reader (readDatasetFile), or h5wasm's `dataset.value` per column for reference. */
export type LoadMethod = "readDatasetFile" | "h5wasm-value";

export interface LoadMeasurement {
  method: LoadMethod;
  seconds: number;
  /** Bytes of every array the load returns (columns, next observations, infos). */
  arrayBytes: number;
  /** RSS after the HDF5 library was loaded, before the file was read. */
  baselineRssBytes: number;
  peakRssBytes: number;
  steps: number;
  /** NaN for h5wasm-value, which reads columns only. */
  episodes: number;
}

/** How much the peak RSS grew during the load, as bytes and as a multiple of the arrays. */
export function peakGrowth(m: LoadMeasurement): { bytes: number; ofArrays: number } {
  const bytes = m.peakRssBytes - m.baselineRssBytes;
  return { bytes, ofArrays: bytes / m.arrayBytes };
}

export interface SyntheticShape {
  steps: number;
  obsDim: number;
  actDim: number;
  withNext: boolean;
  /** infos/qpos and infos/qvel widths (float64); 0 leaves the column out. */
  qposDim: number;
  qvelDim: number;
}

/** The columns of D4RL's hopper files: observation 11, action 3, next observations, qpos 6, qvel 6. */
export const HOPPER_SHAPE: Omit<SyntheticShape, "steps"> = {
  obsDim: 11,
  actDim: 3,
  withNext: true,
  qposDim: 6,
  qvelDim: 6,
};

/** Writes a D4RL-layout file of uniform noise with 1000-step episodes ending in time-outs. */
export async function writeSyntheticD4rlFile(path: string, shape: SyntheticShape): Promise<void> {
  const { steps, obsDim, actDim } = shape;
  const rng = new Rng(0);
  const floats = (n: number) => rng.fillUniform(new Float32Array(n), -1, 1) as Float32Array;
  const doubles = (cols: number) =>
    cols > 0
      ? { values: rng.fillUniform(new Float64Array(steps * cols), -1, 1) as Float64Array, cols }
      : null;
  const timeouts = new Uint8Array(steps);
  for (let i = 999; i < steps; i += 1000) timeouts[i] = 1;
  const dataset = makeDataset({
    obsDim,
    actDim,
    observations: floats(steps * obsDim),
    actions: floats(steps * actDim),
    rewards: floats(steps),
    terminals: new Uint8Array(steps),
    timeouts,
    nextObservations: shape.withNext ? floats(steps * obsDim) : null,
    qpos: doubles(shape.qposDim),
    qvel: doubles(shape.qvelDim),
    metadata: { env_name: "synthetic-load-measurement" },
  });
  await writeDatasetFile(path, dataset);
}

const CHILD = fileURLToPath(new URL("./datasetLoadChild.js", import.meta.url));

/** Loads `path` in a fresh Node process and returns what it measured. */
export function measureLoadInChild(path: string, method: LoadMethod = "readDatasetFile"): LoadMeasurement {
  const child = spawnSync(process.execPath, [CHILD, path, method], { encoding: "utf8" });
  if (child.status !== 0) throw new Error(`The dataset load child failed: ${child.stderr.trim()}`);
  return JSON.parse(child.stdout) as LoadMeasurement;
}
