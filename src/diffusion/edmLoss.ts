// EDM's training loss (Karras et al. 2022, eq. 2 and 8), as SynthER computes it:
//   E_{sigma, n} [ lambda(sigma) |D(x + sigma n; sigma) - x|^2 ],  ln(sigma) ~ N(P_mean, P_std^2),
// averaged over the columns of a row, then over the batch. Since lambda = 1 / c_out^2 and
// D = c_skip y + c_out F, each term equals |F(c_in y; c_noise) - (x - c_skip y) / c_out|^2 (eq. 8's
// "effective training target"), so the loss is a plain mean squared error of the network output.
//
// Given columns (ours; e.g. a trajectory window's first state, which sampling always knows exactly):
// they enter every row clean, at noise level 0 (y = x, scaled by c_in(0) = 1 / sigma_data), and are
// left out of the loss, which averages over the other columns. The denoiser thus learns the rest of
// the row next to the exact values it will see while sampling, rather than next to a noisy copy
// that inpainting has to reconcile at the boundary (generator setting startState "given"; measured
// alike to inpainting on hopper: results/denoiser-architecture.md, "The first state given").
import { fillGaussianFast } from "../engine/gaussianFill.js";
import { mul } from "../engine/ops/elementwise.js";
import { mse } from "../engine/ops/loss.js";
import type { Rng } from "../engine/rng.js";
import { Tensor } from "../engine/tensor.js";
import type { Denoiser } from "./denoiser.js";
import type { EdmSettings } from "./diffusionSettings.js";
import { cIn, cNoise, cOut, cSkip } from "./edmPreconditioning.js";

/** Whether each column of a row is given (true) or denoised; null when no column is given. */
export function givenColumnMask(dim: number, columns: readonly number[] | null): Uint8Array | null {
  if (!columns || columns.length === 0) return null;
  const mask = new Uint8Array(dim);
  for (const c of columns) {
    if (!Number.isInteger(c) || c < 0 || c >= dim)
      throw new Error(`A given column must be an integer in [0, ${dim - 1}], got ${c}.`);
    mask[c] = 1;
  }
  if (mask.every((m) => m === 1))
    throw new Error("At least one column of a row must be left to the denoiser.");
  return mask;
}

/** The random draws of one training batch. */
export interface TrainingDraws {
  /** One noise level per row. */
  sigmas: Float64Array;
  /** rows x dataDim standard normal values. */
  noise: Float64Array;
}

/** Draws the noise levels (all rows first) and then the noise, from `rng`. */
export function drawTrainingNoise(
  rows: number,
  dim: number,
  edm: Pick<EdmSettings, "pMean" | "pStd">,
  rng: Rng,
): TrainingDraws {
  const sigmas = new Float64Array(rows);
  for (let r = 0; r < rows; r++) sigmas[r] = Math.exp(edm.pMean + edm.pStd * rng.gaussian());
  const noise = fillGaussianFast(rng, new Float64Array(rows * dim));
  return { sigmas, noise };
}

/**
 * The weighted denoising loss of a batch of clean rows x (normalized, rows x dataDim), with the
 * condition rows (rows x conditionDim) when the network has one; a one-element tensor with
 * gradients to the network's parameters. `given` (givenColumnMask) marks the columns that enter
 * clean and are left out of the loss.
 */
export function edmLoss(
  net: Denoiser,
  clean: ArrayLike<number>,
  condition: ArrayLike<number> | null,
  draws: TrainingDraws,
  sigmaData: number,
  given: Uint8Array | null = null,
): Tensor {
  const d = net.dataDim;
  const c = net.conditionDim;
  const rows = draws.sigmas.length;
  if (clean.length !== rows * d || draws.noise.length !== rows * d)
    throw new Error(`edmLoss: ${rows} rows of ${d} columns need ${rows * d} values, got ${clean.length}.`);
  if (c > 0 && (!condition || condition.length !== rows * c))
    throw new Error(
      `edmLoss: the network is conditioned on ${c} values per row; ${rows} rows need ${rows * c}, got ${condition ? condition.length : "none"}.`,
    );
  const input = new Float32Array(rows * (d + c));
  const target = new Float32Array(rows * d);
  const noiseLevel = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const sigma = draws.sigmas[r];
    const skip = cSkip(sigma, sigmaData);
    const out = cOut(sigma, sigmaData);
    const scaleIn = cIn(sigma, sigmaData);
    noiseLevel[r] = cNoise(sigma);
    for (let j = 0; j < d; j++) {
      const x = clean[r * d + j];
      if (given?.[j]) {
        input[r * (d + c) + j] = cIn(0, sigmaData) * x;
        continue; // target 0, and the output is masked to 0 below
      }
      const y = x + sigma * draws.noise[r * d + j];
      input[r * (d + c) + j] = scaleIn * y;
      target[r * d + j] = (x - skip * y) / out;
    }
    for (let j = 0; j < c; j++) input[r * (d + c) + d + j] = condition![r * c + j];
  }
  const f = net.forward(Tensor.fromArray(input, [rows, d + c]), noiseLevel);
  if (!given) return mse(f, Tensor.fromArray(target, [rows, d]));
  // Zero the given columns' outputs and rescale the mean from all d columns to the denoised ones.
  const kept = given.reduce((n, g) => n + (g ? 0 : 1), 0);
  const keep = Float32Array.from(given, (g) => (g ? 0 : Math.sqrt(d / kept)));
  for (let r = 0; r < rows; r++) for (let j = 0; j < d; j++) target[r * d + j] *= keep[j];
  return mse(mul(f, Tensor.fromArray(keep, [1, d])), Tensor.fromArray(target, [rows, d]));
}
