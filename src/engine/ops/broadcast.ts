// NumPy broadcasting reduced to the kernels' four-dimensional strided form.
import { fmtShape } from "../tensor.js";

export const MAX_DIMS = 4;

/** The broadcast shape of a and b, or a sentence naming the op and the shapes. */
export function broadcastShape(op: string, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1)
      throw new Error(`${op}: shapes ${fmtShape(a)} and ${fmtShape(b)} cannot be broadcast together.`);
    out.push(da === 1 ? db : da);
  }
  if (out.length > MAX_DIMS) throw new Error(`${op}: at most ${MAX_DIMS} dimensions, got ${fmtShape(out)}.`);
  return out;
}

/** out shape padded to 4 dims (leading 1s). */
export function pad4(shape: readonly number[]): [number, number, number, number] {
  const p = [1, 1, 1, 1, ...shape].slice(-4);
  return [p[0], p[1], p[2], p[3]];
}

/** Element strides of `shape` viewed in the 4-dim padded `outShape`; 0 where broadcast. */
export function broadcastStrides(
  shape: readonly number[],
  outShape: readonly number[],
): [number, number, number, number] {
  const s = pad4(shape);
  const o = pad4(outShape);
  const strides: [number, number, number, number] = [0, 0, 0, 0];
  let acc = 1;
  for (let i = 3; i >= 0; i--) {
    strides[i] = s[i] === 1 && o[i] !== 1 ? 0 : acc;
    acc *= s[i];
  }
  return strides;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}
