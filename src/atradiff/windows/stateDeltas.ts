// A window's states as changes (generator.stateEncoding "delta"; issue 19). In the window layout
// (windowLayout.ts) the states s_2 .. s_{k+1} are replaced by their changes from the state before:
//
//   absolute  [s_1, a_1, r_1, d_1,  s_2, a_2, r_2, d_2,  ...,  s_k, a_k, r_k, d_k,  s_{k+1}]
//   delta     [s_1, a_1, r_1, d_1,  D_1, a_2, r_2, d_2,  ...,  D_{k-1}, a_k, r_k, d_k,  D_k]
//             D_j = s_{j+1} - s_j (j = 1..k);   decoded: s_{j+1} = s_j + D_j = s_1 + D_1 + ... + D_j
//
// Why: a step's physics is the change it makes, (s_j, a_j) -> s_{j+1} - s_j, which is what the
// simulator replay checks. Stored absolutely, that change is a small difference of two large
// values the denoiser must get right to a fraction of a state's spread; stored as a change, it is
// the value itself, normalized with the changes' own per-dimension statistics (fitted on the real
// transitions, as the step statistics are; on hopper-medium a change spreads 5-13% as wide as its
// position or angle, 19-77% as wide as its velocity). s_1 stays absolute: it is the given start
// state (in the condition and held by the sampler), and the cumulative sums start from it. Padded
// steps repeat the final state, so their changes are 0.
//
// Measured (results/denoiser-architecture.md, 2026-12-08; conv denoiser, hopper-medium): 25% lower
// next-state error at k = 5, but higher reward error, and at k = 25 twice the next-state error. The
// absolute state a step's dynamics and reward depend on is then a sum over the whole window, out
// of the convolution's reach, so the error grows along the window. The default stays "absolute".
//
// Rounding: encoding and decoding run in float32, and the encoder takes each change from the state
// the decoder will have rebuilt (D_j = s_{j+1} - decoded s_j), so a round trip returns every state
// to within a float32 rounding of the larger of it and its change (no drift along the window), and
// exactly whenever the changes are representable (e.g. consecutive values within a factor of 2 of
// each other, or all on a common binary grid). Sampled rows are decoded to absolute states
// (WindowDiffuser.sample) before anything else sees them.
import { Normalizer } from "../../diffusion/normalizer.js";
import type { StateEncoding } from "../../settings/generator.js";
import { windowNormalizer } from "./stepStatistics.js";
import type { TrainingData } from "./trainingEpisodes.js";
import { stateOffset, type WindowLayout, windowWidth } from "./windowLayout.js";

export type { StateEncoding };

/** Rewrites `count` window rows of k steps (absolute states) in place into the delta encoding. */
export function encodeStateDeltas(layout: WindowLayout, k: number, rows: Float32Array, count: number): void {
  rewriteStates(layout, k, rows, count, "encode");
}

/** Rewrites `count` delta-encoded window rows of k steps in place back into absolute states. */
export function decodeStateDeltas(layout: WindowLayout, k: number, rows: Float32Array, count: number): void {
  rewriteStates(layout, k, rows, count, "decode");
}

/**
 * Walks each row's states keeping the decoded state s_j: decoding adds the stored change to it,
 * encoding stores the change from it, then adds that change the same way (what the decoder will do).
 */
function rewriteStates(
  layout: WindowLayout,
  k: number,
  rows: Float32Array,
  count: number,
  direction: "encode" | "decode",
): void {
  const o = layout.obsDim;
  const w = windowWidth(layout, k);
  const decoded = new Float32Array(o);
  for (let r = 0; r < count; r++) {
    decoded.set(rows.subarray(r * w, r * w + o));
    for (let j = 1; j <= k; j++) {
      const at = r * w + stateOffset(layout, j);
      for (let i = 0; i < o; i++) {
        if (direction === "encode") rows[at + i] = Math.fround(rows[at + i] - decoded[i]);
        decoded[i] = Math.fround(decoded[i] + rows[at + i]);
        if (direction === "decode") rows[at + i] = decoded[i];
      }
    }
  }
}

/** Mean and std of each state dimension's change s_{t+1} - s_t over every real transition. */
export function fitStateDeltaNormalizer(data: TrainingData): Normalizer {
  const o = data.obsDim;
  let count = 0;
  for (const e of data.episodes) count += e.length;
  if (count < 2) throw new Error(`The generator needs at least 2 training transitions, got ${count}.`);
  const rows = new Float32Array(count * o);
  let r = 0;
  for (const e of data.episodes)
    for (let t = 0; t < e.length; t++, r++) {
      const next = t + 1 < e.length ? e.observations.subarray((t + 1) * o, (t + 2) * o) : e.finalObservation;
      for (let i = 0; i < o; i++) rows[r * o + i] = next[i] - e.observations[t * o + i];
    }
  return Normalizer.fit(rows, o);
}

/**
 * The normalizer of a diffuser's rows: the step statistics tiled over the window (stepStatistics.ts),
 * and with the delta encoding the states s_2 .. s_{k+1} standardized by the changes' statistics.
 */
export function encodedWindowNormalizer(
  encoding: StateEncoding,
  step: Normalizer,
  deltas: Normalizer | undefined,
  layout: WindowLayout,
  k: number,
): Normalizer {
  const tiled = windowNormalizer(step, layout, k);
  if (encoding === "absolute") return tiled;
  const o = layout.obsDim;
  if (!deltas || deltas.dim !== o)
    throw new Error(
      `A diffuser that stores states as changes needs the changes' statistics over the ${o} state dimensions (fitStateDeltaNormalizer).`,
    );
  const mean = tiled.mean.slice();
  const std = tiled.std.slice();
  for (let j = 1; j <= k; j++) {
    mean.set(deltas.mean, stateOffset(layout, j));
    std.set(deltas.std, stateOffset(layout, j));
  }
  return new Normalizer(mean, std, tiled.skipColumns);
}
