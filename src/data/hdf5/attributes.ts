// HDF5 attributes <-> dataset metadata. h5wasm returns 64-bit integers as BigInt (which
// JSON.stringify refuses): they become numbers when exactly representable, decimal strings
// otherwise. Written back, integers become int32 or int64 attributes, other numbers float64,
// strings variable-length UTF-8 (what h5py writes for a Python str).
import type { Metadata, MetadataValue } from "../dataset.js";

interface AttributeLike {
  value: unknown;
}

interface HasAttributes {
  attrs: Record<string, AttributeLike>;
  create_attribute(name: string, data: unknown, shape?: number[] | null, dtype?: string | null): void;
}

function scalarToMetadata(v: unknown): number | string | null {
  if (typeof v === "number" || typeof v === "string") return v;
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (typeof v === "boolean") return v ? 1 : 0;
  return null;
}

/** One attribute value as metadata; null for kinds metadata does not hold (references, compounds). */
export function attributeToMetadata(value: unknown): MetadataValue | null {
  const scalar = scalarToMetadata(value);
  if (scalar !== null) return scalar;
  const items = ArrayBuffer.isView(value)
    ? Array.from(value as unknown as ArrayLike<unknown>)
    : Array.isArray(value)
      ? value
      : null;
  if (!items) return null;
  const converted = items.map(scalarToMetadata);
  if (converted.every((x) => typeof x === "number")) return converted as number[];
  if (converted.every((x) => x !== null)) return converted.map(String);
  return null;
}

export function readAttributes(obj: { attrs: Record<string, AttributeLike> }): Metadata {
  const out: Metadata = {};
  for (const [name, attr] of Object.entries(obj.attrs)) {
    const v = attributeToMetadata(attr.value);
    if (v !== null) out[name] = v;
  }
  return out;
}

/** Datasets this small in a metadata group are settings (a name, a count), not arrays of data. */
const MAX_METADATA_VALUES = 16;

interface GroupLike {
  keys(): string[];
  get(name: string): unknown;
}

/**
 * D4RL files keep their metadata as small datasets in a `metadata` group (metadata/algorithm,
 * metadata/iteration; policy weights sit in subgroups and are skipped). Each small dataset becomes
 * an entry named "metadata/<key>".
 */
export function readMetadataGroup(
  root: GroupLike,
  datasetClass: abstract new (...args: never[]) => unknown,
): Metadata {
  const out: Metadata = {};
  const group = root.get("metadata") as GroupLike | null;
  if (!group || typeof group.keys !== "function") return out;
  for (const key of group.keys()) {
    const entity = group.get(key);
    if (!(entity instanceof datasetClass)) continue;
    const ds = entity as unknown as { metadata: { total_size: number }; value: unknown };
    if (ds.metadata.total_size > MAX_METADATA_VALUES) continue;
    const v = attributeToMetadata(ds.value);
    if (v !== null) out[`metadata/${key}`] = v;
  }
  return out;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

function isInt32(x: number): boolean {
  return Number.isInteger(x) && x >= INT32_MIN && x <= INT32_MAX;
}

export function writeAttributes(obj: HasAttributes, metadata: Metadata): void {
  for (const [name, value] of Object.entries(metadata)) {
    if (typeof value === "string") obj.create_attribute(name, value);
    else if (typeof value === "number") {
      if (isInt32(value)) obj.create_attribute(name, new Int32Array([value]), [], "<i");
      else if (Number.isSafeInteger(value))
        obj.create_attribute(name, new BigInt64Array([BigInt(value)]), [], "<q");
      else obj.create_attribute(name, new Float64Array([value]), [], "<d");
    } else if (value.length > 0 && value.every((x) => typeof x === "string"))
      obj.create_attribute(name, value as string[]);
    else {
      const numbers = value as number[];
      if (numbers.every(isInt32))
        obj.create_attribute(name, Int32Array.from(numbers), [numbers.length], "<i");
      else if (numbers.every(Number.isSafeInteger))
        obj.create_attribute(
          name,
          BigInt64Array.from(numbers, (x) => BigInt(x)),
          [numbers.length],
          "<q",
        );
      else obj.create_attribute(name, Float64Array.from(numbers), [numbers.length], "<d");
    }
  }
}
