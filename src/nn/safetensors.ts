// The safetensors file format (Hugging Face): an 8-byte little-endian header length, a JSON header
// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}} padded with
// spaces to a multiple of 8 bytes, then the raw little-endian tensor bytes, contiguous. PyTorch's
// `safetensors.torch.load_file` reads what this writes. Only F32 tensors are written; files of F32
// and F64 tensors are read. Reading checks the header first (safetensorsHeader.ts) and the memory
// budget next, so a damaged or hostile file fails in one sentence before anything is allocated.
// This is the format in memory (Node and browsers); safetensorsFile.ts reads and writes files.
import { checkMemoryBudget } from "../util/memoryBudget.js";
import {
  parseSafetensorsHeader,
  type SafetensorsEntry,
  SafetensorsFormatError,
  type SafetensorsHeader,
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
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = new Uint8Array(json.length + ((8 - (json.length % 8)) % 8)).fill(0x20);
  headerBytes.set(json);
  const len = new Uint8Array(8);
  new DataView(len.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  const parts: Uint8Array[] = [len, headerBytes];
  for (const t of tensors.values())
    parts.push(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
  return parts;
}

/** Float32 values of one checked entry (F32 copied, F64 rounded); other dtypes are refused. */
export function entryValues(raw: Uint8Array, e: SafetensorsEntry, source: string): Float32Array {
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
export function checkTensorMemory(header: SafetensorsHeader, source: string): void {
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
