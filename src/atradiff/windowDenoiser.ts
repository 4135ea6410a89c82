// The denoiser of a window diffuser is "made wider so that it can carry whole windows" (ATraDiff
// §4.1; method.md §2). SynthER's denoiser first projects its input row (and condition) to dim_t
// values and then runs a residual MLP of `width` values; its sizes (dim_t 128) were chosen for
// transition rows of ~30 values. A hopper window of k = 25 steps holds 411 values plus an 11-value
// condition: through a 128-wide projection the network cannot even pass the noisy row on, and it
// learns little more than the data mean at low noise. Measured on hopper-medium (k = 5, rows of
// 91 + 11 values, 1000 training steps, 32 sampler steps): dim_t 64 gave a simulator next-state
// NMSE of 1.2 at every window position, dim_t 256 gave 0.42, SynthER's 27-value rows 0.03.
// So, by default (generator setting fitDenoiserToWindow), dim_t and width are raised to at least
// the input's width (row + condition), rounded up to a multiple of 32.
import {
  type DiffusionSettings,
  type DiffusionSettingsInput,
  parseWindowDiffusionSettings,
} from "../diffusion/diffusionSettings.js";

const ROUND_TO = 32;

/** The diffusion settings with dim_t and width raised to at least `inputWidth` (rounded up). */
export function fitDenoiserToInput(settings: DiffusionSettingsInput, inputWidth: number): DiffusionSettings {
  if (!Number.isInteger(inputWidth) || inputWidth < 1)
    throw new Error(`A denoiser's input width must be a positive integer, got ${inputWidth}.`);
  const parsed = parseWindowDiffusionSettings(settings);
  // The temporal denoiser's width is per step, not per window.
  if (parsed.denoiser.architecture !== "residualMlp") return parsed;
  const least = Math.ceil(inputWidth / ROUND_TO) * ROUND_TO;
  const { dimT, width } = parsed.denoiser;
  return {
    ...parsed,
    denoiser: { ...parsed.denoiser, dimT: Math.max(dimT, least), width: Math.max(width, least) },
  };
}
