// safetensors files (safetensors.ts holds the format): reading a file's header alone or all its
// tensors, and writing one atomically. Node only.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { checkMemoryBudget } from "../util/memoryBudget.js";
import {
  checkTensorMemory,
  encodeSafetensors,
  entryValues,
  type NamedArray,
  type SafetensorsContent,
} from "./safetensors.js";
import {
  parseSafetensorsHeader,
  type SafetensorsHeader,
  safetensorsFailure,
  safetensorsHeaderLength,
} from "./safetensorsHeader.js";

export function writeSafetensors(
  path: string,
  tensors: Map<string, NamedArray>,
  metadata: Record<string, string> = {},
): void {
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

function readExactly(fd: number, into: Uint8Array, position: number, source: string): void {
  let done = 0;
  while (done < into.length) {
    const n = readSync(fd, into, done, into.length - done, position + done);
    if (n === 0) throw safetensorsFailure(source, "it ended while being read (it shrank?)");
    done += n;
  }
}

function openForReading(path: string): number {
  try {
    const fd = openSync(path, "r");
    if (fstatSync(fd).isFile()) return fd;
    closeSync(fd);
  } catch {
    // Named below.
  }
  throw new Error(`The checkpoint file ${path} cannot be read (missing or not a file).`);
}

/**
 * The checked header of a safetensors file, read without its data; `use` gets the open file and
 * the header (for readers that then read the data their own way).
 */
export function withSafetensorsHeader<T>(
  path: string,
  use: (fd: number, header: SafetensorsHeader, fileSize: number) => T,
): T {
  const fd = openForReading(path);
  try {
    const fileSize = fstatSync(fd).size;
    const first8 = new Uint8Array(Math.min(8, fileSize));
    readExactly(fd, first8, 0, path);
    const headerLength = safetensorsHeaderLength(first8, fileSize, path);
    const headerBytes = new Uint8Array(headerLength);
    readExactly(fd, headerBytes, 8, path);
    return use(fd, parseSafetensorsHeader(headerBytes, fileSize, path), fileSize);
  } finally {
    closeSync(fd);
  }
}

/** The string metadata of a safetensors file (its header checked; no tensor is read). */
export function readSafetensorsMetadata(path: string): Record<string, string> {
  return withSafetensorsHeader(path, (_fd, header) => header.metadata);
}

/** Every tensor of a file as float32; the header is checked and the memory budget consulted first. */
export function readSafetensors(path: string): SafetensorsContent {
  return withSafetensorsHeader(path, (fd, header, fileSize) => {
    checkMemoryBudget(`The file ${path}`, fileSize);
    checkTensorMemory(header, path);
    const data = new Uint8Array(fileSize - header.dataStart);
    readExactly(fd, data, header.dataStart, path);
    const tensors = new Map<string, NamedArray>();
    for (const e of header.entries)
      tensors.set(e.name, { shape: e.shape, data: entryValues(data.subarray(e.begin, e.end), e, path) });
    return { tensors, metadata: header.metadata };
  });
}
