// Opens an HDF5 file for reading with every failure turned into one DatasetFileError sentence.
// h5wasm itself does not throw on a broken file (it returns file_id -1), so the file's existence,
// its HDF5 signature and the id are checked here. Only self-contained files are read: external
// links and virtual datasets are refused when the file is opened (selfContained.ts), and while it
// is open and read the HDF5 library may open no other file (h5Library.ts's confinement), which also
// stops external storage.
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { MemoryBudgetError } from "../../util/memoryBudget.js";
import { DatasetFileError } from "./datasetFileError.js";
import { confinedTo, type H5, hdf5ErrorReason, loadH5 } from "./h5Library.js";
import { refuseForeignData } from "./selfContained.js";

export type H5File = InstanceType<H5["api"]["File"]>;

export interface OpenHdf5 {
  h5: H5;
  file: H5File;
  /** The path as the user gave it, for messages. */
  path: string;
  /** The file's size in bytes (declared data sizes are checked against it). */
  size: number;
}

function checkIsHdf5(path: string): number {
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
  return size;
}

function otherFileRefusal(path: string): (otherFile: string) => DatasetFileError {
  return (otherFile) =>
    new DatasetFileError(
      path,
      `it makes HDF5 read another file (${otherFile}) through external storage, an external link or a virtual dataset; only self-contained files are read`,
    );
}

async function openHdf5(path: string): Promise<OpenHdf5> {
  const size = checkIsHdf5(path);
  const h5 = await loadH5();
  const file = confinedTo(
    path,
    () => {
      let opened: H5File;
      try {
        opened = new h5.api.File(resolve(path), "r");
      } catch (err) {
        throw new DatasetFileError(path, `it is damaged and HDF5 cannot open it (${hdf5ErrorReason(err)})`);
      }
      if (opened.file_id < 0n) throw new DatasetFileError(path, "it is damaged and HDF5 cannot open it");
      return opened;
    },
    otherFileRefusal(path),
  );
  return { h5, file, path, size };
}

/**
 * Runs `use` on the open file and always closes it; HDF5 failures inside become DatasetFileErrors.
 * The file is refused unless it is self-contained.
 */
export async function withHdf5File<T>(path: string, use: (f: OpenHdf5) => T): Promise<T> {
  const opened = await openHdf5(path);
  try {
    return confinedTo(
      path,
      () => {
        refuseForeignData(opened);
        return use(opened);
      },
      otherFileRefusal(path),
    );
  } catch (err) {
    if (err instanceof DatasetFileError || err instanceof MemoryBudgetError) throw err;
    throw new DatasetFileError(path, `HDF5 failed while reading it (${hdf5ErrorReason(err)})`);
  } finally {
    try {
      opened.file.close();
    } catch {
      // A file that failed mid-read may refuse to close cleanly; nothing more to do with it.
    }
  }
}

// The HDF5 format signature. A file starts with these 8 bytes, or (after a user block) has them at
// offset 512, 1024, 2048, ... (HDF5 File Format Specification, "Format Signature").
const SIGNATURE = Uint8Array.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** True when the file holds the HDF5 signature at offset 0 or at a power of two from 512 on. */
function hasHdf5Signature(path: string, fileSize: number): boolean {
  const fd = openSync(path, "r");
  try {
    const buf = new Uint8Array(8);
    for (let offset = 0; offset + 8 <= fileSize; offset = offset === 0 ? 512 : offset * 2) {
      if (readSync(fd, buf, 0, 8, offset) === 8 && buf.every((b, i) => b === SIGNATURE[i])) return true;
    }
    return false;
  } finally {
    closeSync(fd);
  }
}
