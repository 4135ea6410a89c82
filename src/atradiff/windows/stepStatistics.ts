// Per-dimension normalization of s, a and r (SynthER's "standard" normalizer, diffusion/normalizer.ts),
// fitted once on the real steps of the training episodes and shared by every position of every
// window: a window's step j is normalized exactly like step 1, and padded steps like the real ones
// they copy. The terminal channels stay unnormalized (thresholded at 0.5 after sampling, as SynthER).
import { Normalizer } from "../../diffusion/normalizer.js";
import type { TrainingData } from "./trainingEpisodes.js";
import { stepWidth, terminalColumns, type WindowLayout, windowWidth } from "./windowLayout.js";

/** Mean and std of each step dimension [s, a, r] over every real transition. */
export function fitStepNormalizer(data: TrainingData): Normalizer {
  const { obsDim: o, actDim: a } = data;
  const d = o + a + 1;
  let count = 0;
  for (const e of data.episodes) count += e.length;
  const rows = new Float32Array(count * d);
  let r = 0;
  for (const e of data.episodes)
    for (let t = 0; t < e.length; t++, r++) {
      rows.set(e.observations.subarray(t * o, t * o + o), r * d);
      rows.set(e.actions.subarray(t * a, t * a + a), r * d + o);
      rows[r * d + o + a] = e.rewards[t];
    }
  if (count < 2) throw new Error(`The generator needs at least 2 training transitions, got ${count}.`);
  return Normalizer.fit(rows, d);
}

/** The state part (first obsDim columns) of the step normalizer. */
export function stateNormalizer(step: Normalizer, obsDim: number): Normalizer {
  return new Normalizer(step.mean.subarray(0, obsDim), step.std.subarray(0, obsDim));
}

/** The step statistics tiled over a window of k steps and its final state; terminal channels skipped. */
export function windowNormalizer(step: Normalizer, layout: WindowLayout, k: number): Normalizer {
  const { obsDim: o, actDim: a } = layout;
  if (step.dim !== o + a + 1)
    throw new Error(`The step normalizer has ${step.dim} columns; steps of this layout have ${o + a + 1}.`);
  const w = windowWidth(layout, k);
  const sw = stepWidth(layout);
  const mean = new Float32Array(w);
  const std = new Float32Array(w).fill(1);
  for (let j = 0; j <= k; j++) {
    const n = j === k ? o : o + a + 1;
    mean.set(step.mean.subarray(0, n), j * sw);
    std.set(step.std.subarray(0, n), j * sw);
  }
  return new Normalizer(mean, std, terminalColumns(layout, k));
}

/**
 * The condition normalizer: s_1 like any state, the task prompt as given (mean 0, std 1), and in
 * single-diffuser mode the remaining-length input divided by the largest window length.
 */
export function conditionNormalizer(
  step: Normalizer,
  obsDim: number,
  promptDim: number,
  lengthScale: number | null,
): Normalizer {
  const dim = obsDim + promptDim + (lengthScale === null ? 0 : 1);
  const mean = new Float32Array(dim);
  const std = new Float32Array(dim).fill(1);
  mean.set(step.mean.subarray(0, obsDim));
  std.set(step.std.subarray(0, obsDim));
  if (lengthScale !== null) std[dim - 1] = lengthScale;
  const skip = Array.from({ length: promptDim }, (_, i) => obsDim + i);
  return new Normalizer(mean, std, skip);
}
