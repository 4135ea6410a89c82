// Fixing some coordinates of every generated row to given values (e.g. the first state s1 of a
// trajectory window, so that the window starts exactly where the agent is; method.md section 2).
// Three ways, all of which end with the coordinates set exactly:
// - "noised" (RePaint, Lugmayr et al. 2022): after every sampler step to noise level sigma, the fixed
//   coordinates are replaced by value + sigma z, i.e. a sample of the known part at the current
//   noise level, so the rest of the row is denoised next to a consistent noisy copy of it.
// - "clean" (Diffuser, Janner et al. 2022): replaced by the exact value after every step.
// - "end": only overwritten after the last step (the rest of the row never sees the values; use
//   it together with a condition input).

import { INPAINT_MODES } from "../settings/generator.js";

export { INPAINT_MODES };
export type InpaintMode = (typeof INPAINT_MODES)[number];

export interface FixedCoordinates {
  /** Column indices (within a row) that are fixed, without repeats. */
  columns: readonly number[];
  /** rows x columns.length values, in the space the sampler works in (normalized). */
  values: ArrayLike<number>;
  mode: InpaintMode;
}

/** Checks the fixed coordinates against the rows being sampled; a problem is one sentence. */
export function checkFixedCoordinates(fixed: FixedCoordinates, rows: number, dim: number): void {
  if (!INPAINT_MODES.includes(fixed.mode))
    throw new Error(`The inpainting mode must be one of ${INPAINT_MODES.join(", ")}, got "${fixed.mode}".`);
  const seen = new Set<number>();
  for (const c of fixed.columns) {
    if (!Number.isInteger(c) || c < 0 || c >= dim)
      throw new Error(`A fixed column must be an integer in [0, ${dim - 1}], got ${c}.`);
    if (seen.has(c)) throw new Error(`The fixed column ${c} is listed twice.`);
    seen.add(c);
  }
  const expected = rows * fixed.columns.length;
  if (fixed.values.length !== expected)
    throw new Error(
      `The fixed coordinates need ${expected} values (${rows} rows x ${fixed.columns.length} columns), got ${fixed.values.length}.`,
    );
}

/**
 * Sets the fixed columns of x (rows x dim) to value + sigma z (z from `noise`, when sigma > 0 and
 * the mode is "noised") or to the value.
 */
export function applyFixedCoordinates(
  x: Float64Array,
  dim: number,
  fixed: FixedCoordinates,
  sigma: number,
  noise: Float64Array | null,
): void {
  const k = fixed.columns.length;
  const rows = x.length / dim;
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < k; j++) {
      const v = fixed.values[r * k + j];
      x[r * dim + fixed.columns[j]] = noise ? v + sigma * noise[r * k + j] : v;
    }
}
