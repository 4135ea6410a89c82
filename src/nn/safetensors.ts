// The safetensors file format (Hugging Face): an 8-byte little-endian header length, a JSON header
// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}} padded with
// spaces to a multiple of 8 bytes, then the raw little-endian tensor bytes, contiguous. PyTorch's
// `safetensors.torch.load_file` reads what this writes. Only F32 tensors are written; F32, F64
// and F16/BF16-free files are read.
import { readFileSync } from "node:fs";
import { writeFileAtomic } from "../util/atomicWrite.js";

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

export function decodeSafetensors(bytes: Uint8Array, source = "the safetensors data"): SafetensorsContent {
  const fail = (why: string): never => {
    throw new Error(`${source} is not a valid safetensors file: ${why}.`);
  };
  if (bytes.length < 8) fail("it is shorter than the 8-byte header length");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLen = Number(view.getBigUint64(0, true));
  if (headerLen > bytes.length - 8)
    fail(`its header claims ${headerLen} bytes but the file has ${bytes.length - 8} after the length`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + headerLen)).toString("utf8"));
  } catch {
    return fail("its header is not JSON");
  }
  const dataStart = 8 + headerLen;
  const dataLen = bytes.length - dataStart;
  const tensors = new Map<string, NamedArray>();
  let metadata: Record<string, string> = {};
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") {
      metadata = entry as Record<string, string>;
      continue;
    }
    const e = entry as { dtype?: string; shape?: number[]; data_offsets?: [number, number] };
    if (!e || !Array.isArray(e.shape) || !Array.isArray(e.data_offsets))
      fail(`tensor "${name}" has no shape or offsets`);
    const [begin, end] = e.data_offsets!;
    if (!(begin >= 0 && end >= begin && end <= dataLen))
      fail(`tensor "${name}" lies outside the data (file truncated?)`);
    const count = e.shape!.reduce((a, b) => a * b, 1);
    const raw = bytes.subarray(dataStart + begin, dataStart + end);
    const data = new Float32Array(count);
    const dv = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    if (e.dtype === "F32") {
      if (raw.length !== count * 4)
        fail(`tensor "${name}" has ${raw.length} bytes for shape [${e.shape!.join(", ")}]`);
      for (let i = 0; i < count; i++) data[i] = dv.getFloat32(i * 4, true);
    } else if (e.dtype === "F64") {
      if (raw.length !== count * 8)
        fail(`tensor "${name}" has ${raw.length} bytes for shape [${e.shape!.join(", ")}]`);
      for (let i = 0; i < count; i++) data[i] = dv.getFloat64(i * 8, true);
    } else {
      fail(`tensor "${name}" has dtype ${e.dtype}, but only F32 and F64 are supported`);
    }
    tensors.set(name, { shape: e.shape!, data });
  }
  return { tensors, metadata };
}

export function readSafetensors(path: string): SafetensorsContent {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new Error(`The checkpoint file ${path} cannot be read (missing or not a file).`);
  }
  return decodeSafetensors(bytes, path);
}
