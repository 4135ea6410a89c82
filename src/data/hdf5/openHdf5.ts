// Opens an HDF5 file for reading with every failure turned into one DatasetFileError sentence.
// h5wasm itself does not throw on a broken file (it returns file_id -1), so the file's existence,
// its HDF5 signature and the id are checked here.
import { statSync } from "node:fs";
import { resolve } from "node:path";
import { DatasetFileError } from "./datasetFileError.js";
import { type H5, hdf5ErrorReason, loadH5 } from "./h5Library.js";
import { hasHdf5Signature } from "./hdf5Signature.js";

export type H5File = InstanceType<H5["api"]["File"]>;

export interface OpenHdf5 {
  h5: H5;
  file: H5File;
  /** The path as the user gave it, for messages. */
  path: string;
}

function checkIsHdf5(path: string): void {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new DatasetFileError(path, "it is a directory, expected an HDF5 file");
    size = st.size;
  } catch (err) {
    if (err instanceof DatasetFileError) throw err;
    throw new DatasetFileError(path, "no such file");
  }
  if (size === 0) throw new DatasetFileError(path, "it is empty, expected an HDF5 file");
  if (!hasHdf5Signature(path, size))
    throw new DatasetFileError(path, "it is not an HDF5 file (it lacks the 8-byte HDF5 signature)");
}

export async function openHdf5(path: string): Promise<OpenHdf5> {
  checkIsHdf5(path);
  const h5 = await loadH5();
  let file: H5File;
  try {
    file = new h5.api.File(resolve(path), "r");
  } catch (err) {
    throw new DatasetFileError(path, `it is damaged and HDF5 cannot open it (${hdf5ErrorReason(err)})`);
  }
  if (file.file_id < 0n) throw new DatasetFileError(path, "it is damaged and HDF5 cannot open it");
  return { h5, file, path };
}

/** Runs `use` on the open file and always closes it; HDF5 failures inside become DatasetFileErrors. */
export async function withHdf5File<T>(path: string, use: (f: OpenHdf5) => T): Promise<T> {
  const opened = await openHdf5(path);
  try {
    return use(opened);
  } catch (err) {
    if (err instanceof DatasetFileError) throw err;
    throw new DatasetFileError(path, `HDF5 failed while reading it (${hdf5ErrorReason(err)})`);
  } finally {
    try {
      opened.file.close();
    } catch {
      // A file that failed mid-read may refuse to close cleanly; nothing more to do with it.
    }
  }
}
