// TensorBoard scalars as an event file ("events.out.tfevents.*"), the format TensorBoard reads,
// written here because npm has no maintained writer of it (the one in @tensorflow/tfjs-node needs
// libtensorflow). The format, from TensorFlow's record_writer and event.proto / summary.proto:
//   file   = record*, the first one an Event holding file_version "brain.Event:2"
//   record = uint64 length (little-endian) | uint32 masked_crc(length bytes) | data | uint32 masked_crc(data)
//   masked_crc(b) = rotate_right(crc32c(b), 15) + 0xa282ead8 (mod 2^32)
//   Event   { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
//   Summary { repeated Value value = 1; }   Value { string tag = 1; float simple_value = 2; }
// Every other field of these messages is optional and left out.
import CRC32C from "crc-32/crc32c.js";

const crc32c = CRC32C.buf;

export interface ScalarEvent {
  step: number;
  /** Seconds; TensorBoard's "wall" axis. */
  wallTime: number;
  /** Tag -> value; each becomes one scalar chart in TensorBoard. */
  scalars: Record<string, number>;
}

const CRC_MASK_DELTA = 0xa282ead8;

/** TensorFlow's masked CRC32C of `bytes`. */
export function maskedCrc32c(bytes: Uint8Array): number {
  const crc = crc32c(bytes) >>> 0;
  return (((crc >>> 15) | (crc << 17)) + CRC_MASK_DELTA) >>> 0;
}

/** Protobuf wire format: a varint of a non-negative integer below 2^53. */
function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/** A length-delimited field (wire type 2): tag, length, bytes. */
function lengthDelimited(field: number, bytes: Uint8Array | number[]): number[] {
  return [...varint((field << 3) | 2), ...varint(bytes.length), ...bytes];
}

function double(field: number, value: number): number[] {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setFloat64(0, value, true);
  return [(field << 3) | 1, ...b];
}

function float(field: number, value: number): number[] {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setFloat32(0, value, true);
  return [(field << 3) | 5, ...b];
}

const text = (s: string) => new TextEncoder().encode(s);

function eventBytes(wallTime: number, step: number, rest: number[]): Uint8Array {
  if (!Number.isSafeInteger(step) || step < 0)
    throw new Error(`A TensorBoard step must be a non-negative integer, got ${step}.`);
  return Uint8Array.from([...double(1, wallTime), ...varint(2 << 3), ...varint(step), ...rest]);
}

/** One record around `data`, framed and checksummed as TensorFlow's record writer does. */
export function record(data: Uint8Array): Uint8Array {
  const out = new Uint8Array(8 + 4 + data.length + 4);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(data.length), true);
  view.setUint32(8, maskedCrc32c(out.subarray(0, 8)), true);
  out.set(data, 12);
  view.setUint32(12 + data.length, maskedCrc32c(data), true);
  return out;
}

/** The whole event file of `events` (in the given order), starting with its version record. */
export function tensorboardEventFile(events: readonly ScalarEvent[], startTime = 0): Uint8Array {
  const records = [record(eventBytes(startTime, 0, lengthDelimited(3, text("brain.Event:2"))))];
  for (const e of events) {
    const values = Object.entries(e.scalars)
      .filter(([, v]) => Number.isFinite(v))
      .map(([tag, v]) => lengthDelimited(1, [...lengthDelimited(1, text(tag)), ...float(2, v)]));
    if (values.length === 0) continue;
    records.push(record(eventBytes(e.wallTime, e.step, lengthDelimited(5, values.flat()))));
  }
  const out = new Uint8Array(records.reduce((n, r) => n + r.length, 0));
  let at = 0;
  for (const r of records) {
    out.set(r, at);
    at += r.length;
  }
  return out;
}
