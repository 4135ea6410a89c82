// Writes files so that readers see either the old content or the whole new content, never a
// partial file: write to a temporary file in the same directory, flush it to disk, then rename.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import { withErrorPath } from "./systemErrors.js";

let counter = 0;

/** The temporary name used while writing `path` (same directory, so rename is atomic). */
export function tempPathFor(path: string): string {
  counter++;
  return `${path}.tmp-${process.pid}-${counter}`;
}

export function writeFileAtomic(path: string, data: string | Uint8Array | Uint8Array[]): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  const parts = Array.isArray(data) ? data : [typeof data === "string" ? Buffer.from(data, "utf8") : data];
  let fd = -1;
  try {
    fd = openSync(tmp, "w");
    for (const p of parts) {
      let off = 0;
      while (off < p.length) off += writeSync(fd, p, off, p.length - off);
    }
    fsyncSync(fd);
    closeSync(fd);
    fd = -1;
    renameSync(tmp, path);
  } catch (err) {
    if (fd >= 0) closeSync(fd);
    rmSync(tmp, { force: true });
    // The user knows the file by its final name, not the temporary one (systemErrors.ts says it).
    const e = err as NodeJS.ErrnoException;
    if (e.syscall !== "rename" && (e.path === undefined || e.path === tmp)) withErrorPath(err, path);
    throw err;
  }
}
