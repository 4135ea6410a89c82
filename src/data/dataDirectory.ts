// Where datasets live: $ATRADIFF_DATA, or ~/.atradiff/data. A dataset named "hopper-medium" is the
// file <data dir>/hopper-medium.hdf5. Files there are only ever written atomically (see
// hdf5/d4rlWriter.ts), so a name either resolves to a whole file or to nothing.
import { existsSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

export const DATASET_EXTENSION = ".hdf5";

/** Letters, digits, '.', '_' and '-', starting with a letter or digit: no path separators. */
const DATASET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export function dataDirectory(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.ATRADIFF_DATA;
  return fromEnv && fromEnv.trim() !== "" ? resolve(fromEnv) : join(homedir(), ".atradiff", "data");
}

export function isDatasetName(name: string): boolean {
  return DATASET_NAME.test(name) && !name.endsWith(DATASET_EXTENSION);
}

/** The file a dataset name stands for (whether or not it exists yet). */
export function datasetPath(name: string, env: NodeJS.ProcessEnv = process.env): string {
  if (!isDatasetName(name))
    throw new Error(
      `"${name}" is not a dataset name; expected letters, digits, '.', '_' or '-' (e.g. hopper-medium), without ${DATASET_EXTENSION}.`,
    );
  return join(dataDirectory(env), `${name}${DATASET_EXTENSION}`);
}

/**
 * The file for a command-line argument that is either a path to an existing file or a dataset name
 * in the data directory.
 */
export function resolveDataset(nameOrPath: string, env: NodeJS.ProcessEnv = process.env): string {
  if (existsSync(nameOrPath) && statSync(nameOrPath).isFile()) return nameOrPath;
  if (isDatasetName(nameOrPath)) {
    const path = datasetPath(nameOrPath, env);
    if (existsSync(path)) return path;
    throw new Error(
      `No dataset "${nameOrPath}": neither a file here nor ${path}; build it with \`atradiff dataset build ${nameOrPath}\` or give a file path.`,
    );
  }
  throw new Error(`The dataset file ${nameOrPath} does not exist.`);
}
