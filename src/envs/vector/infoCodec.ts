// Per-env info objects cross the thread boundary through the shared buffer. The usual infos
// (numbers, booleans, arrays of numbers, and nested objects of those such as finalInfo) travel as
// doubles in the env's value slots, bit for bit (NaN, -0 and infinities included), laid out by a
// schema: the keys and kinds, sent as JSON only when they change (an env's infos keep one shape
// from step to step). Any other info (strings, null, deeper structures...) falls back to JSON in
// the env's byte slot. finalObs travels in its own Float64 block and is skipped here.

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** One info key: a number, a boolean (0 / 1), an array of `length` numbers, or a nested object. */
type Field =
  | { key: string; kind: "n" }
  | { key: string; kind: "b" }
  | { key: string; kind: "a"; length: number }
  | { key: string; kind: "o"; fields: Field[] };

/** How the info of an env is stored this time (the env's `infoKind` slot). */
export const INFO_KIND = { values: 0, json: 1 } as const;

/** One env's part of the shared buffer that holds its info. */
export interface InfoSlot {
  /** Doubles: the values in schema order. */
  values: Float64Array;
  /** UTF-8 bytes: the schema (values kind) or the whole info (json kind). */
  bytes: Uint8Array;
  /** [kind, schema id, byte length]: the env's three Int32 header slots. */
  header: Int32Array;
}

const HEADER = { kind: 0, schemaId: 1, length: 2 } as const;
export const INFO_HEADER_SLOTS = 3;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== "object") return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isNumberArray(value: unknown): value is ArrayLike<number> {
  if (Array.isArray(value)) return value.every((x) => typeof x === "number");
  return (
    ArrayBuffer.isView(value) &&
    !(value instanceof DataView) &&
    !(value instanceof BigInt64Array) &&
    !(value instanceof BigUint64Array)
  );
}

/** The schema of `info`, or undefined when something in it needs JSON. */
function schemaOf(info: Record<string, unknown>, top: boolean): Field[] | undefined {
  const fields: Field[] = [];
  for (const key in info) {
    if (top && key === "finalObs") continue;
    const v = info[key];
    if (typeof v === "number") fields.push({ key, kind: "n" });
    else if (typeof v === "boolean") fields.push({ key, kind: "b" });
    else if (isNumberArray(v)) fields.push({ key, kind: "a", length: v.length });
    else if (isPlainObject(v)) {
      const inner = schemaOf(v, false);
      if (!inner) return undefined;
      fields.push({ key, kind: "o", fields: inner });
    } else return undefined;
  }
  return fields;
}

/**
 * Writes `info`'s values in schema order into `out` from `at`; returns the next index, or -1 when
 * `info` does not have exactly that schema or `out` is too short.
 */
function writeValues(
  info: Record<string, unknown>,
  fields: Field[],
  out: Float64Array,
  at: number,
  top: boolean,
) {
  let f = 0;
  for (const key in info) {
    if (top && key === "finalObs") continue;
    const field = fields[f++];
    if (field === undefined || field.key !== key) return -1;
    const v = info[key];
    if (field.kind === "n") {
      if (typeof v !== "number" || at >= out.length) return -1;
      out[at++] = v;
    } else if (field.kind === "b") {
      if (typeof v !== "boolean" || at >= out.length) return -1;
      out[at++] = v ? 1 : 0;
    } else if (field.kind === "a") {
      if (!isNumberArray(v) || v.length !== field.length || at + v.length > out.length) return -1;
      for (let i = 0; i < v.length; i++) out[at++] = v[i];
    } else {
      if (!isPlainObject(v)) return -1;
      at = writeValues(v, field.fields, out, at, false);
      if (at < 0) return -1;
    }
  }
  return f === fields.length ? at : -1;
}

function readValues(fields: Field[], values: Float64Array, at: { i: number }): Record<string, unknown> {
  const info: Record<string, unknown> = {};
  for (const field of fields) {
    if (field.kind === "n") info[field.key] = values[at.i++];
    else if (field.kind === "b") info[field.key] = values[at.i++] !== 0;
    else if (field.kind === "a") {
      info[field.key] = Array.from(values.subarray(at.i, at.i + field.length));
      at.i += field.length;
    } else info[field.key] = readValues(field.fields, values, at);
  }
  return info;
}

function jsonReplacer(key: string, value: unknown): unknown {
  if (key === "finalObs") return undefined;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as Float64Array);
  return value;
}

/** The sending side for one env: remembers the last schema so it is re-sent only on change. */
export class InfoWriter {
  private fields: Field[] | undefined;
  private schemaId = 0;

  constructor(
    private readonly slot: InfoSlot,
    /** Names the env in the error for an info that does not fit. */
    private readonly what: string,
  ) {}

  write(info: Record<string, unknown>): void {
    const { slot } = this;
    if (this.fields && writeValues(info, this.fields, slot.values, 0, true) >= 0) {
      slot.header[HEADER.kind] = INFO_KIND.values;
      return;
    }
    const fields = schemaOf(info, true);
    if (fields && writeValues(info, fields, slot.values, 0, true) >= 0) {
      this.fields = fields;
      this.schemaId++;
      slot.header[HEADER.length] = this.encode(JSON.stringify(fields), "info schema");
      slot.header[HEADER.schemaId] = this.schemaId;
      slot.header[HEADER.kind] = INFO_KIND.values;
      return;
    }
    // The bytes no longer hold the schema: the next numeric info sends it again.
    this.fields = undefined;
    slot.header[HEADER.length] = this.encode(JSON.stringify(info, jsonReplacer) ?? "{}", "info");
    slot.header[HEADER.kind] = INFO_KIND.json;
  }

  private encode(text: string, what: string): number {
    const { read, written } = encoder.encodeInto(text, this.slot.bytes);
    if (read !== text.length)
      throw new Error(
        `The ${what} of ${this.what} needs more than the ${this.slot.bytes.length} bytes a VectorEnv ` +
          "holds per env (raise the infoBytes option).",
      );
    return written;
  }
}

/** The receiving side for one env: parses a schema once per change. */
export class InfoReader {
  private fields: Field[] = [];
  private schemaId = -1;

  constructor(private readonly slot: InfoSlot) {}

  read(): Record<string, unknown> {
    const { header } = this.slot;
    if (header[HEADER.kind] === INFO_KIND.json) return JSON.parse(this.text()) as Record<string, unknown>;
    if (header[HEADER.schemaId] !== this.schemaId) {
      this.fields = JSON.parse(this.text()) as Field[];
      this.schemaId = header[HEADER.schemaId];
    }
    return readValues(this.fields, this.slot.values, { i: 0 });
  }

  private text(): string {
    // slice(): a copy outside the SharedArrayBuffer, which browsers' TextDecoder refuses.
    return decoder.decode(this.slot.bytes.slice(0, this.slot.header[HEADER.length]));
  }
}

/** A short error message into `target` (cut to fit); returns the bytes written. */
export function encodeMessage(message: string, target: Uint8Array): number {
  return encoder.encodeInto(message, target).written;
}

export function decodeMessage(source: Uint8Array, length: number): string {
  return decoder.decode(source.slice(0, length));
}
