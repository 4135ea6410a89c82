// Writes a dataset as an HDF5 file in the D4RL layout, atomically: the file is written under a
// temporary name next to the target, flushed to disk, then renamed, so a reader sees no file or the
// whole file. An existing file is only replaced with `force`. Temporary files that killed writes
// left behind are removed first (staleTemporaries.ts).
//
// Types: observations, actions, rewards, next_observations float32; infos/qpos, infos/qvel float64;
// terminals and timeouts uint8 (0/1). D4RL's own files store numpy bool, which HDF5 knows as an enum
// {FALSE: 0, TRUE: 1}; h5wasm cannot create enum types, so ours are uint8: h5py and numpy read them
// as uint8 arrays of 0/1 (`.astype(bool)` gives D4RL's type) and every reader here accepts both.
//
// Columns are chunked (about 1 MiB per chunk) and written a few chunks at a time, so the wasm heap
// holds only one block, not the whole dataset.
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { tempPathFor } from "../../util/atomicWrite.js";
import type { Dataset } from "../dataset.js";
import { writeAttributes } from "./attributes.js";
import { hdf5ErrorReason, loadH5 } from "./h5Library.js";
import type { H5File } from "./openHdf5.js";
import { removeStaleTemporaries } from "./staleTemporaries.js";

const CHUNK_BYTES = 1 << 20;
const CHUNKS_PER_WRITE = 4;

type H5Group = Pick<H5File, "create_dataset" | "create_group">;
type ColumnData = Float32Array | Float64Array | Uint8Array;

const DTYPES = new Map<string, string>([
  ["Float32Array", "<f"],
  ["Float64Array", "<d"],
  ["Uint8Array", "<B"],
]);

/** One column: (rows,) when `matrix` is false, (rows, cols) otherwise. */
function writeColumn(
  group: H5Group,
  name: string,
  data: ColumnData,
  rows: number,
  cols: number,
  matrix: boolean,
): void {
  const tail = matrix ? [cols] : [];
  const rowBytes = cols * data.BYTES_PER_ELEMENT;
  const chunkRows = Math.max(1, Math.min(rows, Math.floor(CHUNK_BYTES / rowBytes)));
  const Empty = data.constructor as new (n: number) => ColumnData;
  const ds = group.create_dataset({
    name,
    data: new Empty(0),
    shape: [0, ...tail],
    maxshape: [rows, ...tail],
    chunks: [chunkRows, ...tail],
    dtype: DTYPES.get(data.constructor.name)!,
  });
  ds.resize([rows, ...tail]);
  const blockRows = chunkRows * CHUNKS_PER_WRITE;
  for (let r = 0; r < rows; r += blockRows) {
    const n = Math.min(blockRows, rows - r);
    ds.write_slice([[r, r + n]], data.subarray(r * cols, (r + n) * cols));
  }
}

function syncToDisk(path: string): void {
  const fd = openSync(path, "r+");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export interface WriteDatasetOptions {
  /** Replace an existing file (default false: refuse). */
  force?: boolean;
  /** Further infos/<name> columns, rows x cols (e.g. AntMaze's infos/goal). */
  infos?: { name: string; values: Float32Array | Float64Array; cols: number }[];
}

export async function writeDatasetFile(
  path: string,
  dataset: Dataset,
  opts: WriteDatasetOptions = {},
): Promise<void> {
  if (existsSync(path) && !opts.force)
    throw new Error(
      `The dataset file ${path} already exists; refusing to overwrite it without the force option.`,
    );
  mkdirSync(dirname(resolve(path)), { recursive: true });
  removeStaleTemporaries(resolve(path));
  const { api } = await loadH5();
  const tmp = tempPathFor(resolve(path));
  let file: H5File | null = null;
  try {
    file = new api.File(tmp, "w");
    const { size, obsDim, actDim } = dataset;
    writeColumn(file, "observations", dataset.observations, size, obsDim, true);
    writeColumn(file, "actions", dataset.actions, size, actDim, true);
    writeColumn(file, "rewards", dataset.rewards, size, 1, false);
    writeColumn(file, "terminals", dataset.terminals, size, 1, false);
    writeColumn(file, "timeouts", dataset.timeouts, size, 1, false);
    if (dataset.nextObservations)
      writeColumn(file, "next_observations", dataset.nextObservations, size, obsDim, true);
    const extraInfos = opts.infos ?? [];
    if (dataset.qpos || dataset.qvel || extraInfos.length > 0) {
      const infos = file.create_group("infos");
      if (dataset.qpos) writeColumn(infos, "qpos", dataset.qpos.values, size, dataset.qpos.cols, true);
      if (dataset.qvel) writeColumn(infos, "qvel", dataset.qvel.values, size, dataset.qvel.cols, true);
      for (const c of extraInfos) {
        if (c.values.length !== size * c.cols)
          throw new Error(`infos/${c.name} has ${c.values.length} values; expected ${size} rows x ${c.cols}`);
        writeColumn(infos, c.name, c.values, size, c.cols, true);
      }
    }
    writeAttributes(file, dataset.metadata);
    file.close();
    file = null;
    syncToDisk(tmp);
    renameSync(tmp, path);
  } catch (err) {
    if (file) {
      try {
        file.close();
      } catch {
        // Already failing; the temporary file is removed below either way.
      }
    }
    rmSync(tmp, { force: true });
    throw new Error(`Cannot write the dataset file ${path}: ${hdf5ErrorReason(err)}.`);
  }
}
