// The HDF5 format signature. A file starts with these 8 bytes, or (after a user block) has them at
// offset 512, 1024, 2048, ... (HDF5 File Format Specification, "Format Signature").
import { closeSync, openSync, readSync } from "node:fs";

const SIGNATURE = Uint8Array.from([0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a]);

/** True when the file holds the HDF5 signature at offset 0 or at a power of two from 512 on. */
export function hasHdf5Signature(path: string, fileSize: number): boolean {
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
