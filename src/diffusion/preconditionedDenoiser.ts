// D(x; sigma) = c_skip x + c_out F(c_in x, c; c_noise) for a whole batch at one noise level
// (Karras et al. 2022, eq. 7): one network forward per call, without gradients. The sampler works
// in float64 (as EDM's reference sampler does); the network itself runs in fp32.
import { noGrad, Tensor, tidy } from "../engine/tensor.js";
import type { Denoiser } from "./denoiser.js";
import { cIn, cNoise, cOut, cSkip } from "./edmPreconditioning.js";

/** The denoised estimate of each row of x (rows x dataDim) at noise level sigma > 0. */
export type DenoiseFn = (x: Float64Array, sigma: number) => Float64Array;

/** Columns every row knows exactly (edmLoss.ts's given columns), with their rows x columns values. */
export interface GivenValues {
  columns: readonly number[];
  values: ArrayLike<number>;
}

/**
 * A DenoiseFn over `rows` rows, with an optional condition (rows x conditionDim, already in the
 * network's space) concatenated to every input row. Given columns enter the network clean, at
 * noise level 0, as in training, and come out as their values: x's own entries there are ignored.
 */
export function preconditionedDenoiser(
  net: Denoiser,
  sigmaData: number,
  rows: number,
  condition: ArrayLike<number> | null,
  given: GivenValues | null = null,
): DenoiseFn {
  const d = net.dataDim;
  const c = net.conditionDim;
  if (c > 0 && (!condition || condition.length !== rows * c))
    throw new Error(
      `This denoiser is conditioned on ${c} values per row: it needs ${rows * c} condition values, got ${condition ? condition.length : "none"}.`,
    );
  if (c === 0 && condition && condition.length > 0)
    throw new Error("This denoiser is unconditional, but a condition was given.");
  const g = given ? given.columns.length : 0;
  if (given && given.values.length !== rows * g)
    throw new Error(
      `The given columns need ${rows * g} values (${rows} rows x ${g}), got ${given.values.length}.`,
    );
  const input = new Float32Array(rows * (d + c));
  if (condition)
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < c; j++) input[r * (d + c) + d + j] = condition[r * c + j];
  const noiseLevel = new Float64Array(rows);
  return (x, sigma) => {
    if (x.length !== rows * d) throw new Error(`The denoiser expected ${rows * d} values, got ${x.length}.`);
    const skip = cSkip(sigma, sigmaData);
    const out = cOut(sigma, sigmaData);
    const scaleIn = cIn(sigma, sigmaData);
    for (let r = 0; r < rows; r++)
      for (let j = 0; j < d; j++) input[r * (d + c) + j] = scaleIn * x[r * d + j];
    if (given)
      for (let r = 0; r < rows; r++)
        for (let j = 0; j < g; j++)
          input[r * (d + c) + given.columns[j]] = cIn(0, sigmaData) * given.values[r * g + j];
    noiseLevel.fill(cNoise(sigma));
    const f = noGrad(() =>
      tidy(() => net.forward(Tensor.fromArray(input, [rows, d + c]), noiseLevel).toArray()),
    );
    const denoised = new Float64Array(rows * d);
    for (let i = 0; i < denoised.length; i++) denoised[i] = skip * x[i] + out * f[i];
    if (given)
      for (let r = 0; r < rows; r++)
        for (let j = 0; j < g; j++) denoised[r * d + given.columns[j]] = given.values[r * g + j];
    return denoised;
  };
}
