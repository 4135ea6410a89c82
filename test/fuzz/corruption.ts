// Seeded corruptions of a valid file's bytes for the reader fuzz tests (test helper, not a test
// file): bit flips, byte overwrites (in the header or the data), truncations and appended bytes.
import type { Rng } from "../../src/engine/rng.js";

export interface Corruption {
  /** What was done, for the message of a failing case. */
  what: string;
  bytes: Uint8Array;
  /** The first byte changed (the file's length when bytes were only appended). */
  firstChanged: number;
}

/** One random corruption of `valid`; `headerEnd` splits header from data for targeted overwrites. */
export function corrupt(valid: Uint8Array, headerEnd: number, rng: Rng): Corruption {
  const bytes = Uint8Array.from(valid);
  const n = valid.length;
  const inHeader = () => rng.int(Math.max(1, headerEnd));
  const inData = () => headerEnd + rng.int(Math.max(1, n - headerEnd));
  switch (rng.int(6)) {
    case 0: {
      const flips = 1 + rng.int(3);
      let first = n;
      for (let i = 0; i < flips; i++) {
        const at = rng.int(n);
        bytes[at] ^= 1 << rng.int(8);
        first = Math.min(first, at);
      }
      return { what: `${flips} bit flip(s)`, bytes, firstChanged: first };
    }
    case 1: {
      const at = inHeader();
      bytes[at] = rng.int(256);
      return { what: `header byte ${at} overwritten`, bytes, firstChanged: at };
    }
    case 2: {
      const at = inData();
      const len = Math.min(n - at, 1 + rng.int(16));
      for (let i = 0; i < len; i++) bytes[at + i] = rng.int(256);
      return { what: `${len} data bytes at ${at} overwritten`, bytes, firstChanged: at };
    }
    case 3: {
      const len = rng.int(n);
      return { what: `truncated to ${len} bytes`, bytes: bytes.subarray(0, len), firstChanged: len };
    }
    case 4: {
      const extra = Uint8Array.from({ length: 1 + rng.int(64) }, () => rng.int(256));
      const out = new Uint8Array(n + extra.length);
      out.set(bytes);
      out.set(extra, n);
      return { what: `${extra.length} bytes appended`, bytes: out, firstChanged: n };
    }
    default: {
      // A run of 0xff: the largest lengths, sizes and offsets a field can hold.
      const at = rng.int(n);
      const len = Math.min(n - at, 1 + rng.int(8));
      bytes.fill(0xff, at, at + len);
      return { what: `${len} bytes at ${at} set to 0xff`, bytes, firstChanged: at };
    }
  }
}

/** Asserts that `err` is a refusal in one sentence: an Error of ours, one line, no stack text. */
export function oneSentenceProblem(err: unknown): string | null {
  if (!(err instanceof Error)) return `threw a non-Error ${String(err)}`;
  if (
    ["RangeError", "TypeError", "SyntaxError", "RuntimeError", "ReferenceError"].includes(
      err.constructor.name,
    )
  )
    return `threw a raw ${err.constructor.name}: ${err.message}`;
  if (err.message.includes("\n")) return `a message of several lines: ${err.message.slice(0, 300)}`;
  if (/\bat .*:\d+:\d+|HDF5-DIAG|#\d{3}:/.test(err.message))
    return `stack text in the message: ${err.message}`;
  if (!/[.)]$/.test(err.message)) return `not a sentence: ${err.message}`;
  return null;
}
