// Reads HDF5 datasets ("columns") straight into their final typed arrays, a block of rows at a time
// through one small staging buffer in the WebAssembly heap. h5wasm's `dataset.value` would instead
// grow the wasm heap to the whole column (a heap never shrinks) and then copy it out, doubling the
// peak memory of a large file. Values are checked as they are copied: float columns must be finite,
// flag columns 0 or 1.
import { checkMemoryBudget, formatBytes } from "../../util/memoryBudget.js";
import { DatasetFileError } from "./datasetFileError.js";
import type { OpenHdf5 } from "./openHdf5.js";

/** Staging buffer size: large enough that per-call overhead vanishes, small next to the data. */
const STAGING_BYTES = 4 << 20;

// HDF5 type classes as h5wasm reports them in `metadata.type`.
const H5T_INTEGER = 0;
const H5T_FLOAT = 1;
const H5T_ENUM = 8;

export type ColumnKind = "float" | "integer" | "bool";

export interface ColumnInfo {
  /** Path inside the HDF5 file, e.g. "observations" or "episode_3/actions". */
  name: string;
  shape: number[];
  kind: ColumnKind;
  /** Bytes per value. */
  bytes: number;
  signed: boolean;
  rows: number;
  /** Values per row (product of the trailing dimensions; 1 for a 1-D column). */
  cols: number;
  /**
   * How many times the file's size its values can take, by how they are stored (storageRatio);
   * Infinity when a filter of unbounded ratio is used.
   */
  maxExpansion: number;
}

type ElementArray =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

interface H5Metadata {
  chunks: number[] | null;
  type: number;
  size: number;
  signed: boolean;
  shape: number[] | null;
  enum_type?: { type: number; members: Record<string, number> };
}

function isBoolEnum(meta: H5Metadata): boolean {
  const m = meta.enum_type?.members;
  return !!m && Object.keys(m).length === 2 && m.FALSE === 0 && m.TRUE === 1;
}

/** A readable name for an HDF5 type, for messages ("float64", "uint8", "bool", "string"). */
function typeName(meta: H5Metadata): string {
  if (meta.type === H5T_FLOAT) return `float${meta.size * 8}`;
  if (meta.type === H5T_INTEGER) return `${meta.signed ? "int" : "uint"}${meta.size * 8}`;
  if (meta.type === H5T_ENUM) return isBoolEnum(meta) ? "bool" : "enum";
  return (
    ["time", "string", "bitfield", "opaque", "compound", "reference", "enum", "vlen", "array"][
      meta.type - 2
    ] ?? "unknown"
  );
}

/**
 * Describes the dataset at `name`, or returns a reason it is unusable: "missing", or a phrase
 * such as "a group, not a dataset" or "of type string".
 */
export function describeColumn(f: OpenHdf5, name: string): ColumnInfo | string {
  const entity = f.file.get(name);
  if (entity === null) return "missing";
  if (!(entity instanceof f.h5.api.Dataset))
    return `a ${String((entity as { type?: string }).type ?? "link").toLowerCase()}, not a dataset`;
  const meta = entity.metadata as unknown as H5Metadata;
  const shape = meta.shape ?? [];
  let kind: ColumnKind;
  let signed = meta.signed;
  if (meta.type === H5T_FLOAT && (meta.size === 4 || meta.size === 8)) kind = "float";
  else if (meta.type === H5T_INTEGER) kind = "integer";
  else if (meta.type === H5T_ENUM && meta.enum_type?.type === H5T_INTEGER) {
    // h5py stores numpy bool as an enum {FALSE: 0, TRUE: 1} over int8; h5wasm calls it "unknown".
    kind = isBoolEnum(meta) ? "bool" : "integer";
    signed = meta.signed;
  } else return `of type ${typeName(meta)}`;
  if (shape.length === 0) return "a scalar, not an array";
  return {
    name,
    shape,
    kind,
    bytes: meta.size,
    signed,
    rows: shape[0],
    cols: shape.slice(1).reduce((a, b) => a * b, 1),
    maxExpansion: storageExpansion((entity as { filters: { id: number }[] }).filters.map((x) => x.id)),
  };
}

// HDF5 filter ids (H5Zpublic.h).
const H5Z_FILTER_DEFLATE = 1;
const H5Z_FILTER_SHUFFLE = 2;
const H5Z_FILTER_FLETCHER32 = 3;
/** Deflate's largest compression ratio (RFC 1951: 258-byte matches coded in at least 2 bits). */
const DEFLATE_MAX_RATIO = 1032;

/**
 * The most a column's values can exceed the file's size, from its filters: stored as is (no filter;
 * shuffle and checksums do not shrink data) they are all in the file; deflated, at most 1032 times
 * the file; other filters (szip, n-bit, scale-offset, plugins) have no useful bound. A part of a
 * chunked dataset that was never written reads as fill values, which no recorded step is: such a
 * file is refused like a damaged one.
 */
function storageExpansion(filterIds: number[]): number {
  const shrinking = filterIds.filter((id) => id !== H5Z_FILTER_SHUFFLE && id !== H5Z_FILTER_FLETCHER32);
  if (shrinking.length === 0) return 1;
  if (shrinking.every((id) => id === H5Z_FILTER_DEFLATE)) return DEFLATE_MAX_RATIO ** shrinking.length;
  return Number.POSITIVE_INFINITY;
}

/**
 * Checks the sizes the file declares before anything is read: every column's bytes must be
 * possible for a file of this size (a 3 KB file cannot hold 8 GB of uncompressed data), and the
 * arrays the reader is about to allocate for `reads` (a column and the bytes per value it is copied
 * into) must fit the memory budget (ATRADIFF_MEMORY_BUDGET).
 */
export function checkDeclaredSizes(f: OpenHdf5, reads: [ColumnInfo, number][]): void {
  let total = 0;
  for (const [info, bytesPerValue] of reads) {
    const values = info.rows * info.cols;
    const stored = values * info.bytes;
    if (stored > f.size * info.maxExpansion) {
      const how = info.maxExpansion === 1 ? "uncompressed" : "deflated, at most 1032 to 1";
      throw new DatasetFileError(
        f.path,
        `'${info.name}' declares shape [${info.shape.join(", ")}] (${formatBytes(stored)} of ${columnTypeName(info)}), but the whole file is ${formatBytes(f.size)} and stores it ${how}`,
      );
    }
    total += values * bytesPerValue;
  }
  const largest = reads.reduce((a, b) => (a[0].rows * a[0].cols >= b[0].rows * b[0].cols ? a : b));
  checkMemoryBudget(
    `Reading the dataset file ${f.path} (its largest column '${largest[0].name}' has shape [${largest[0].shape.join(", ")}])`,
    total,
  );
}

export function columnTypeName(info: ColumnInfo): string {
  if (info.kind === "bool") return "bool";
  if (info.kind === "float") return `float${info.bytes * 8}`;
  return `${info.signed ? "int" : "uint"}${info.bytes * 8}`;
}

function elementView(f: OpenHdf5, info: ColumnInfo, ptr: number, count: number): ElementArray {
  const buffer = f.h5.module.HEAPU8.buffer; // re-read: the heap may have grown during the read
  if (info.kind === "float")
    return info.bytes === 4 ? new Float32Array(buffer, ptr, count) : new Float64Array(buffer, ptr, count);
  switch (info.bytes) {
    case 1:
      return info.signed ? new Int8Array(buffer, ptr, count) : new Uint8Array(buffer, ptr, count);
    case 2:
      return info.signed ? new Int16Array(buffer, ptr, count) : new Uint16Array(buffer, ptr, count);
    case 4:
      return info.signed ? new Int32Array(buffer, ptr, count) : new Uint32Array(buffer, ptr, count);
    case 8:
      return info.signed ? new BigInt64Array(buffer, ptr, count) : new BigUint64Array(buffer, ptr, count);
    default:
      throw new DatasetFileError(
        f.path,
        `'${info.name}' has ${info.bytes}-byte integers, which cannot be read`,
      );
  }
}

/**
 * Calls `onBlock` with consecutive blocks of rows [firstRow, firstRow + rowCount). The block's
 * values are a view into the wasm heap, valid only during the call.
 */
export function forEachRowBlock(
  f: OpenHdf5,
  info: ColumnInfo,
  firstRow: number,
  rowCount: number,
  onBlock: (values: ElementArray, blockFirstRow: number, blockRows: number) => void,
): void {
  if (rowCount === 0) return;
  const rowBytes = info.cols * info.bytes;
  const rowsPerBlock = Math.max(1, Math.min(rowCount, Math.floor(STAGING_BYTES / rowBytes)));
  const { module } = f.h5;
  const ptr = module._malloc(rowsPerBlock * rowBytes);
  if (ptr === 0)
    throw new DatasetFileError(
      f.path,
      `no memory to stage ${rowsPerBlock * rowBytes} bytes of '${info.name}'`,
    );
  const tail = info.shape.slice(1);
  try {
    for (let r = firstRow; r < firstRow + rowCount; r += rowsPerBlock) {
      const rows = Math.min(rowsPerBlock, firstRow + rowCount - r);
      const count = [BigInt(rows), ...tail.map(BigInt)];
      const offset = [BigInt(r), ...tail.map(() => 0n)];
      const strides = info.shape.map(() => 1n);
      module.get_dataset_data(f.file.file_id, `/${info.name}`, count, offset, strides, BigInt(ptr));
      onBlock(elementView(f, info, ptr, rows * info.cols), r, rows);
    }
  } finally {
    module._free(ptr);
  }
}

/** Index of the first NaN or infinity in values, or -1 (a plain function, so V8 keeps it fast). */
function firstNonFinite(values: Float32Array | Float64Array): number {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v !== 0) return i;
  }
  return -1;
}

/** Copies float rows into `dest` (from row `destRow` on), refusing NaN and infinities. */
export function readFloatRows(
  f: OpenHdf5,
  info: ColumnInfo,
  firstRow: number,
  rowCount: number,
  dest: Float32Array | Float64Array,
  destRow: number,
): void {
  if (info.kind !== "float")
    throw new DatasetFileError(
      f.path,
      `'${info.name}' holds ${columnTypeName(info)} values; expected float32 or float64`,
    );
  const { cols } = info;
  forEachRowBlock(f, info, firstRow, rowCount, (values, blockFirstRow) => {
    const floats = values as Float32Array | Float64Array;
    const bad = firstNonFinite(floats);
    if (bad >= 0)
      throw new DatasetFileError(
        f.path,
        `'${info.name}' holds ${floats[bad]} at row ${blockFirstRow + Math.floor(bad / cols)}, column ${bad % cols}; expected finite numbers`,
      );
    dest.set(floats, (destRow + blockFirstRow - firstRow) * cols);
  });
}

/** Copies a one-value-per-row flag column (bool, integer or float) into `dest`, refusing values other than 0 and 1. */
export function readFlagRows(
  f: OpenHdf5,
  info: ColumnInfo,
  firstRow: number,
  rowCount: number,
  dest: Uint8Array,
  destRow: number,
): void {
  if (info.cols !== 1)
    throw new DatasetFileError(
      f.path,
      `'${info.name}' has shape [${info.shape.join(", ")}]; expected one flag per step`,
    );
  forEachRowBlock(f, info, firstRow, rowCount, (values, blockFirstRow, blockRows) => {
    const at = destRow + blockFirstRow - firstRow;
    for (let i = 0; i < blockRows; i++) {
      const v = Number(values[i]);
      if (v !== 0 && v !== 1)
        throw new DatasetFileError(
          f.path,
          `'${info.name}' holds ${v} at row ${blockFirstRow + i}; expected 0 or 1 (bool)`,
        );
      dest[at + i] = v;
    }
  });
}
