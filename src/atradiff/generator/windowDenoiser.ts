// The denoiser of a window diffuser is "made wider so that it can carry whole windows" (ATraDiff
// §4.1; method.md §2). SynthER's denoiser first projects its input row (and condition) to dim_t
// values and then runs a residual MLP of `width` values; its sizes (dim_t 128) were chosen for
// transition rows of ~30 values. A hopper window of k = 25 steps holds 411 values plus an 11-value
// condition: through a 128-wide projection the network cannot even pass the noisy row on, and it
// learns little more than the data mean at low noise (on hopper-medium a projection narrower than
// the window left every window position far from physical: results/generator.md, "The fidelity
// gap"). So, by default (generator setting fitDenoiserToWindow), dim_t and width are raised to at least
// the input's width (row + condition), rounded up to a multiple of 32.

import {
  type DiffusionSettings,
  type DiffusionSettingsInput,
  denoiserTrainingBytes,
  parseWindowDiffusionSettings,
} from "../../diffusion/diffusionSettings.js";
import { MAX_WIDTH } from "../../settings/types.js";
import { checkEngineMemory } from "../../util/memoryBudget.js";

const ROUND_TO = 32;

/** The diffusion settings with dim_t and width raised to at least `inputWidth` (rounded up). */
export function fitDenoiserToInput(settings: DiffusionSettingsInput, inputWidth: number): DiffusionSettings {
  if (!Number.isInteger(inputWidth) || inputWidth < 1)
    throw new Error(`A denoiser's input width must be a positive integer, got ${inputWidth}.`);
  const parsed = parseWindowDiffusionSettings(settings);
  // The temporal denoiser's width is per step, not per window.
  if (parsed.denoiser.architecture !== "residualMlp") return parsed;
  const least = Math.ceil(inputWidth / ROUND_TO) * ROUND_TO;
  if (least > MAX_WIDTH)
    throw new Error(
      `A window row of ${inputWidth} values needs a denoiser at least ${least} wide, above the widest allowed (${MAX_WIDTH}); use shorter window lengths.`,
    );
  const { dimT, width } = parsed.denoiser;
  return {
    ...parsed,
    denoiser: { ...parsed.denoiser, dimT: Math.max(dimT, least), width: Math.max(width, least) },
  };
}

/**
 * Throws one sentence, before anything is allocated, if a denoiser of the generator's settings (per
 * window length, fitted to its window when `fit`) is too wide or would not fit in the engine's memory.
 */
export function checkWindowDenoisers(
  settings: DiffusionSettingsInput,
  rows: { windowLength: number; dataDim: number; conditionDim: number }[],
  fit: boolean,
): void {
  for (const { windowLength, dataDim, conditionDim } of rows) {
    const s = fit
      ? fitDenoiserToInput(settings, dataDim + conditionDim)
      : parseWindowDiffusionSettings(settings);
    // The temporal denoiser reads a window as its steps and final state: windowLength + 1 tokens.
    const tokenWidth = Math.ceil(dataDim / (windowLength + 1));
    const width = s.denoiser.architecture === "temporal" ? s.denoiser.temporal.width : s.denoiser.width;
    checkEngineMemory(
      `The diffuser of windows of ${windowLength} steps (a denoiser of width ${width} on rows of ${dataDim} values)`,
      denoiserTrainingBytes(dataDim, conditionDim, s, tokenWidth),
      "the window lengths (--lengths), the width or the batch size",
    );
  }
}
