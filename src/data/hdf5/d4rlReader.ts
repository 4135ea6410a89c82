// Reads the D4RL layout: top-level observations (N, obs), actions (N, act), rewards (N,),
// terminals (N,), timeouts (N,), optional next_observations (N, obs), infos/qpos and infos/qvel
// (N, k) float64; metadata from the file attributes and the small datasets of D4RL's `metadata`
// group. Each column is read once, straight into its array.
import type { Float64Matrix, Metadata } from "../dataset.js";
import { type Dataset, makeDataset } from "../dataset.js";
import { readAttributes, readMetadataGroup } from "./attributes.js";
import {
  type ColumnInfo,
  checkDeclaredSizes,
  columnTypeName,
  describeColumn,
  readFlagRows,
  readFloatRows,
} from "./columnReader.js";
import { DatasetFileError } from "./datasetFileError.js";
import type { OpenHdf5 } from "./openHdf5.js";

const EXPECTED: Record<string, string> = {
  observations: "(N, obs_dim) float32",
  actions: "(N, act_dim) float32",
  rewards: "(N,) float32",
  terminals: "(N,) bool",
  timeouts: "(N,) bool",
};

function requireColumn(f: OpenHdf5, name: string): ColumnInfo {
  const info = describeColumn(f, name);
  if (typeof info === "string") {
    const what = info === "missing" ? `has no '${name}' dataset` : `has '${name}' as ${info}`;
    throw new DatasetFileError(
      f.path,
      `it ${what}; the D4RL layout needs '${name}' ${EXPECTED[name] ?? ""}`.trimEnd(),
    );
  }
  return info;
}

function optionalColumn(f: OpenHdf5, name: string): ColumnInfo | null {
  const info = describeColumn(f, name);
  if (info === "missing") return null;
  if (typeof info === "string")
    throw new DatasetFileError(
      f.path,
      `it has '${name}' as ${info}; expected a float array with one row per step`,
    );
  return info;
}

function checkRows(f: OpenHdf5, info: ColumnInfo, size: number): void {
  if (info.rows !== size)
    throw new DatasetFileError(
      f.path,
      `'${info.name}' has ${info.rows} rows but 'rewards' has ${size}; every column needs one row per step`,
    );
}

function checkMatrix(f: OpenHdf5, info: ColumnInfo, size: number): void {
  checkRows(f, info, size);
  if (info.shape.length !== 2 || info.cols < 1)
    throw new DatasetFileError(
      f.path,
      `'${info.name}' has shape [${info.shape.join(", ")}]; expected (${size}, dim)`,
    );
  if (info.kind !== "float")
    throw new DatasetFileError(
      f.path,
      `'${info.name}' holds ${columnTypeName(info)} values; expected float32 or float64`,
    );
}

function checkPerStep(f: OpenHdf5, info: ColumnInfo, size: number): void {
  checkRows(f, info, size);
  if (info.cols !== 1)
    throw new DatasetFileError(
      f.path,
      `'${info.name}' has shape [${info.shape.join(", ")}]; expected (${size},)`,
    );
}

function readFloat32(f: OpenHdf5, info: ColumnInfo): Float32Array {
  const out = new Float32Array(info.rows * info.cols);
  readFloatRows(f, info, 0, info.rows, out, 0);
  return out;
}

function readFlags(f: OpenHdf5, info: ColumnInfo): Uint8Array {
  const out = new Uint8Array(info.rows);
  readFlagRows(f, info, 0, info.rows, out, 0);
  return out;
}

function infoMatrixColumn(f: OpenHdf5, name: string, size: number): ColumnInfo | null {
  const info = optionalColumn(f, name);
  if (info) checkMatrix(f, info, size);
  return info;
}

function readInfoMatrix(f: OpenHdf5, info: ColumnInfo | null): Float64Matrix | null {
  if (!info) return null;
  const values = new Float64Array(info.rows * info.cols);
  readFloatRows(f, info, 0, info.rows, values, 0);
  return { values, cols: info.cols };
}

export function readD4rlLayout(f: OpenHdf5): Dataset {
  const rewardsInfo = requireColumn(f, "rewards");
  const size = rewardsInfo.rows;
  if (size === 0) throw new DatasetFileError(f.path, "it has 0 steps; a dataset needs at least one");
  const obsInfo = requireColumn(f, "observations");
  const actInfo = requireColumn(f, "actions");
  const termInfo = requireColumn(f, "terminals");
  const timeoutInfo = requireColumn(f, "timeouts");
  checkMatrix(f, obsInfo, size);
  checkMatrix(f, actInfo, size);
  checkPerStep(f, rewardsInfo, size);
  checkPerStep(f, termInfo, size);
  checkPerStep(f, timeoutInfo, size);
  const nextInfo = optionalColumn(f, "next_observations");
  if (nextInfo) {
    checkMatrix(f, nextInfo, size);
    if (nextInfo.cols !== obsInfo.cols)
      throw new DatasetFileError(
        f.path,
        `'next_observations' has ${nextInfo.cols} columns but 'observations' has ${obsInfo.cols}`,
      );
  }
  const qposInfo = infoMatrixColumn(f, "infos/qpos", size);
  const qvelInfo = infoMatrixColumn(f, "infos/qvel", size);
  const reads: [ColumnInfo, number][] = [
    [obsInfo, 4],
    [actInfo, 4],
    [rewardsInfo, 4],
    [termInfo, 1],
    [timeoutInfo, 1],
  ];
  if (nextInfo) reads.push([nextInfo, 4]);
  if (qposInfo) reads.push([qposInfo, 8]);
  if (qvelInfo) reads.push([qvelInfo, 8]);
  checkDeclaredSizes(f, reads);
  const metadata: Metadata = { ...readMetadataGroup(f.file, f.h5.api.Dataset), ...readAttributes(f.file) };
  return makeDataset({
    obsDim: obsInfo.cols,
    actDim: actInfo.cols,
    observations: readFloat32(f, obsInfo),
    actions: readFloat32(f, actInfo),
    rewards: readFloat32(f, rewardsInfo),
    terminals: readFlags(f, termInfo),
    timeouts: readFlags(f, timeoutInfo),
    nextObservations: nextInfo ? readFloat32(f, nextInfo) : null,
    qpos: readInfoMatrix(f, qposInfo),
    qvel: readInfoMatrix(f, qvelInfo),
    metadata,
  });
}
