// The SHA-256 of a file's bytes, read through one fixed buffer (a dataset of hundreds of MB is
// hashed without holding it in memory). Used to recognize files: committed behavior policies
// against their checksum list, and a run's inputs between its start and a resume.
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync } from "node:fs";

const CHUNK_BYTES = 1 << 20;

/** Lower-case hex SHA-256 of the file at `path`. */
export function fileSha256(path: string): string {
  const hash = createHash("sha256");
  const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  const fd = openSync(path, "r");
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      hash.update(chunk.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}
