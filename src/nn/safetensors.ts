// The safetensors file format (Hugging Face): an 8-byte little-endian header length, a JSON header
// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}} padded with
// spaces to a multiple of 8 bytes, then the raw little-endian tensor bytes, contiguous. PyTorch's
// `safetensors.torch.load_file` reads what this writes. Only F32 tensors are written; files of F32
// and F64 tensors are read. Reading checks the header first (safetensorsHeader.ts) and the memory
// budget next, so a damaged or hostile file fails in one sentence before anything is allocated.
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { checkMemoryBudget } from "../util/memoryBudget.js";
import {
  parseSafetensorsHeader,
  type SafetensorsEntry,
  SafetensorsFormatError,
  type SafetensorsHeader,
  safetensorsFailure,
  safetensorsHeaderLength,
} from "./safetensorsHeader.js";

export interface NamedArray {
  shape: number[];
  data: Float32Array;
}

export interface SafetensorsContent {
  tensors: Map<string, NamedArray>;
  metadata: Record<string, string>;
}

function checkShape(name: string, shape: number[], length: number): void {
  const n = shape.reduce((a, b) => a * b, 1);
  if (n !== length)
    throw new Error(`safetensors: tensor "${name}" has ${length} values but shape [${shape.join(", ")}].`);
}

/** Serializes tensors (in the given order) and string metadata. */
export function encodeSafetensors(
  tensors: Map<string, NamedArray>,
  metadata: Record<string, string> = {},
): Uint8Array[] {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of tensors) {
    if (name === "__metadata__") throw new Error('safetensors: "__metadata__" cannot be a tensor name.');
    checkShape(name, t.shape, t.data.length);
    header[name] = { dtype: "F32", shape: t.shape, data_offsets: [offset, offset + t.data.length * 4] };
    offset += t.data.length * 4;
  }
  let json = JSON.stringify(header);
  const rawLen = Buffer.byteLength(json, "utf8");
  json += " ".repeat((8 - (rawLen % 8)) % 8);
  const headerBytes = Buffer.from(json, "utf8");
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(headerBytes.length));
  const parts: Uint8Array[] = [len, headerBytes];
  for (const t of tensors.values())
    parts.push(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  return parts;
}

export function writeSafetensors(
  path: string,
  tensors: Map<string, NamedArray>,
  metadata: Record<string, string> = {},
): void {
  writeFileAtomic(path, encodeSafetensors(tensors, metadata));
}

/** Float32 values of one checked entry (F32 copied, F64 rounded); other dtypes are refused. */
function entryValues(raw: Uint8Array, e: SafetensorsEntry, source: string): Float32Array {
  const data = new Float32Array(e.count);
  const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  if (e.dtype === "F32") for (let i = 0; i < e.count; i++) data[i] = dv.getFloat32(i * 4, true);
  else if (e.dtype === "F64") for (let i = 0; i < e.count; i++) data[i] = dv.getFloat64(i * 8, true);
  else
    throw new SafetensorsFormatError(
      `${source} holds tensor "${e.name}" of dtype ${e.dtype}, but only F32 and F64 are supported.`,
    );
  return data;
}

/** Memory the float32 copies of a file's tensors take, checked against the budget. */
function checkTensorMemory(header: SafetensorsHeader, source: string): void {
  const bytes = header.entries.reduce((sum, e) => sum + e.count * 4, 0);
  checkMemoryBudget(`The tensors of ${source}`, bytes);
}

export function decodeSafetensors(bytes: Uint8Array, source = "the safetensors data"): SafetensorsContent {
  const headerLength = safetensorsHeaderLength(bytes.subarray(0, 8), bytes.length, source);
  const header = parseSafetensorsHeader(bytes.subarray(8, 8 + headerLength), bytes.length, source);
  checkTensorMemory(header, source);
  const tensors = new Map<string, NamedArray>();
  for (const e of header.entries) {
    const raw = bytes.subarray(header.dataStart + e.begin, header.dataStart + e.end);
    tensors.set(e.name, { shape: e.shape, data: entryValues(raw, e, source) });
  }
  return { tensors, metadata: header.metadata };
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
