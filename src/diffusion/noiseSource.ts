// Where the sampler's Gaussian draws come from. Library code draws from a seeded Rng; the
// reference test hands both implementations the same fixed list of draws, named by what they are for.
import type { Rng } from "../engine/rng.js";

export type NoiseDraw =
  /** x_0 = sigma_0 z at the start. */
  | { kind: "initial" }
  /** The churn noise eps added before step `step` (only drawn when gamma > 0). */
  | { kind: "churn"; step: number }
  /** The noise of the fixed coordinates after step `step` (RePaint-style inpainting only). */
  | { kind: "inpaint"; step: number };

export interface NoiseSource {
  /** Fills `out` with independent standard normal draws. */
  normal(out: Float64Array, draw: NoiseDraw): void;
}

/** Standard normal draws from `rng`, in the order the sampler asks for them. */
export function rngNoise(rng: Rng): NoiseSource {
  return { normal: (out) => rng.fillGaussian(out) };
}
