// The safetensors header, checked as the format specifies it (huggingface/safetensors, "Format"):
// 8 bytes N (unsigned little-endian 64-bit), then N bytes of a UTF-8 JSON object
// {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {string: string}}, then the
// data section. Every tensor's dtype is one the format defines, its shape a list of non-negative
// integers, its byte count dtype size x product(shape), and the tensors' [begin, end) ranges,
// sorted by begin, tile the data section exactly: no overlap (two tensors sharing bytes), no hole
// and nothing after the last tensor (the specification forbids both, against polyglot files).
// Everything here is decided from the header and the file's size alone, before any tensor byte is
// read or any array allocated.

/** Bytes per element of every dtype the format defines. */
export const SAFETENSORS_DTYPE_BYTES: Readonly<Record<string, number>> = {
  BOOL: 1,
  U8: 1,
  I8: 1,
  F8_E5M2: 1,
  F8_E4M3: 1,
  I16: 2,
  U16: 2,
  F16: 2,
  BF16: 2,
  I32: 4,
  U32: 4,
  F32: 4,
  I64: 8,
  U64: 8,
  F64: 8,
};

/**
 * The largest header read: the reference implementation refuses headers over 100 MB; ours (tensor
 * names, shapes and a settings JSON) are a few KB, so this only bounds what a hostile length costs.
 */
export const SAFETENSORS_MAX_HEADER_BYTES = 100_000_000;

export interface SafetensorsEntry {
  name: string;
  dtype: string;
  shape: number[];
  /** Elements (product of the shape). */
  count: number;
  /** Byte range inside the data section. */
  begin: number;
  end: number;
}

export interface SafetensorsHeader {
  /** In the order of the data section. */
  entries: SafetensorsEntry[];
  metadata: Record<string, string>;
  /** File offset of the data section (8 + N). */
  dataStart: number;
}

export class SafetensorsFormatError extends Error {
  override name = "SafetensorsFormatError";
}

/** "<source> is not a valid safetensors file: <why>." */
export function safetensorsFailure(source: string, why: string): SafetensorsFormatError {
  return new SafetensorsFormatError(`${source} is not a valid safetensors file: ${why}.`);
}

/**
 * The header length N from the first 8 bytes, checked to be at most the bound and to fit the file
 * (so that reading the header cannot allocate more than the file holds).
 */
export function safetensorsHeaderLength(first8: Uint8Array, fileSize: number, source: string): number {
  if (fileSize < 8 || first8.length < 8)
    throw safetensorsFailure(source, "it is shorter than the 8-byte header length");
  const view = new DataView(first8.buffer, first8.byteOffset, 8);
  const declared = view.getBigUint64(0, true);
  if (declared > BigInt(SAFETENSORS_MAX_HEADER_BYTES))
    throw safetensorsFailure(
      source,
      `its header length is ${declared} bytes, over the format's limit of ${SAFETENSORS_MAX_HEADER_BYTES}`,
    );
  const length = Number(declared);
  if (length > fileSize - 8)
    throw safetensorsFailure(
      source,
      `its header claims ${length} bytes but the file has ${fileSize - 8} after the length`,
    );
  return length;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isOffset(x: unknown): x is number {
  return typeof x === "number" && Number.isSafeInteger(x) && x >= 0;
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return typeof v === "object" ? "an object" : `${typeof v} ${JSON.stringify(v)}`;
}

function parseEntry(name: string, raw: unknown, fail: (why: string) => never): SafetensorsEntry {
  if (!isPlainObject(raw))
    fail(`tensor "${name}" is described by ${describe(raw)}, expected {dtype, shape, data_offsets}`);
  const { dtype, shape, data_offsets: offsets } = raw;
  if (typeof dtype !== "string" || !(dtype in SAFETENSORS_DTYPE_BYTES))
    fail(
      `tensor "${name}" has dtype ${JSON.stringify(dtype)}, expected one of ${Object.keys(SAFETENSORS_DTYPE_BYTES).join(", ")}`,
    );
  if (!Array.isArray(shape) || !shape.every(isOffset))
    fail(`tensor "${name}" has shape ${JSON.stringify(shape)}, expected a list of non-negative integers`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isOffset) || offsets[1] < offsets[0])
    fail(
      `tensor "${name}" has data_offsets ${JSON.stringify(offsets)}, expected [begin, end] with 0 <= begin <= end`,
    );
  const dims = shape as number[];
  const [begin, end] = offsets as number[];
  // The product is formed in floating point: a hostile shape overflows to a huge or infinite
  // count, which then fails the byte-count equality below rather than wrapping around.
  const count = dims.reduce((a, b) => a * b, 1);
  const bytes = count * SAFETENSORS_DTYPE_BYTES[dtype as string];
  if (bytes !== end - begin)
    fail(
      `tensor "${name}" (${dtype} of shape [${dims.join(", ")}]) needs ${bytes} bytes but its data_offsets span ${end - begin}`,
    );
  return { name, dtype: dtype as string, shape: dims, count, begin, end };
}

/**
 * Parses and checks the header bytes (the N bytes after the length) of a file of `fileSize` bytes;
 * `source` names the file in the one-sentence SafetensorsFormatError.
 */
export function parseSafetensorsHeader(
  headerBytes: Uint8Array,
  fileSize: number,
  source: string,
): SafetensorsHeader {
  const fail = (why: string): never => {
    throw safetensorsFailure(source, why);
  };
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(headerBytes));
  } catch {
    return fail("its header is not UTF-8 JSON");
  }
  if (!isPlainObject(json)) return fail(`its header is ${describe(json)}, expected a JSON object`);
  let metadata: Record<string, string> = {};
  const entries: SafetensorsEntry[] = [];
  for (const [name, raw] of Object.entries(json)) {
    if (name === "__metadata__") {
      if (!isPlainObject(raw)) fail(`its "__metadata__" is ${describe(raw)}, expected an object of strings`);
      const bad = Object.entries(raw as object).find(([, v]) => typeof v !== "string");
      if (bad) fail(`its "__metadata__" entry "${bad[0]}" is ${describe(bad[1])}, expected a string`);
      metadata = raw as Record<string, string>;
      continue;
    }
    entries.push(parseEntry(name, raw, fail));
  }
  const dataStart = 8 + headerBytes.length;
  const dataLength = fileSize - dataStart;
  entries.sort((a, b) => a.begin - b.begin || a.end - b.end);
  let covered = 0;
  for (const e of entries) {
    if (e.begin < covered)
      fail(`tensor "${e.name}" overlaps the tensor before it (bytes ${e.begin}-${e.end} of the data)`);
    if (e.begin > covered)
      fail(`the data has a gap of unused bytes ${covered}-${e.begin} before tensor "${e.name}"`);
    if (e.end > dataLength)
      fail(
        `tensor "${e.name}" ends at byte ${e.end} of the data, but the data has ${dataLength} (file truncated?)`,
      );
    covered = e.end;
  }
  if (covered !== dataLength)
    fail(`its tensors cover ${covered} bytes of data but the file holds ${dataLength} after the header`);
  return { entries, metadata, dataStart };
}
