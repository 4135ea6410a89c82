// Output files of the renderer: written atomically (util/atomicWrite) and never over an existing
// file unless the caller passes force.
import { existsSync } from "node:fs";
import { writeFileAtomic } from "../../util/atomicWrite.js";

/** Throws if `path` exists and `force` is off (call before long work, so it fails early). */
export function assertWritable(path: string, force = false): void {
  if (!force && existsSync(path))
    throw new Error(`The file ${path} already exists; pass --force to overwrite it.`);
}

export function writeOutputFile(path: string, bytes: Uint8Array, opts: { force?: boolean } = {}): void {
  assertWritable(path, opts.force);
  writeFileAtomic(path, bytes);
}
