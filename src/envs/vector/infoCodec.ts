// Per-env info objects cross the thread boundary as UTF-8 JSON in the shared buffer. finalObs
// travels in its own Float64 block (exact); typed arrays elsewhere in an info arrive as plain
// arrays, and numbers go through JSON (exact for finite doubles).
import type { EnvInfo } from "../types.js";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function replacer(key: string, value: unknown): unknown {
  if (key === "finalObs") return undefined;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as Float64Array);
  return value;
}

/** Writes `info` into `target`; returns the bytes written. Throws if it does not fit. */
export function encodeInfo(info: EnvInfo, target: Uint8Array, what: string): number {
  const text = JSON.stringify(info, replacer) ?? "{}";
  const { read, written } = encoder.encodeInto(text, target);
  if (read !== text.length)
    throw new Error(
      `The info of ${what} needs more than the ${target.length} bytes of JSON a VectorEnv holds per env ` +
        "(raise the infoBytes option).",
    );
  return written;
}

export function decodeInfo(source: Uint8Array, length: number): EnvInfo {
  // slice(): a copy outside the SharedArrayBuffer, which browsers' TextDecoder refuses.
  return JSON.parse(decoder.decode(source.slice(0, length))) as EnvInfo;
}

/** A short error message into `target` (cut to fit); returns the bytes written. */
export function encodeMessage(message: string, target: Uint8Array): number {
  return encoder.encodeInto(message, target).written;
}

export function decodeMessage(source: Uint8Array, length: number): string {
  return decoder.decode(source.slice(0, length));
}
