// The denoiser network F of a diffusion model, built from the denoiser settings' architecture:
// SynthER's residual MLP over the flat row (denoiserNetwork.ts) or the weight-sharing temporal
// denoiser over the row's tokens (temporalDenoiser.ts). Both map [B, dataDim + conditionDim] and one
// noise level per row to [B, dataDim].
import type { Rng } from "../engine/rng.js";
import { DenoiserNetwork } from "./denoiserNetwork.js";
import type { DenoiserSettings } from "./diffusionSettings.js";
import { TemporalDenoiser } from "./temporalDenoiser.js";

export type Denoiser = DenoiserNetwork | TemporalDenoiser;

export interface DenoiserInput {
  dataDim: number;
  conditionDim: number;
  /** Values per token (a window's step); only the temporal architecture reads it. */
  tokenWidth: number | null;
}

export function createDenoiser(shape: DenoiserInput, settings: DenoiserSettings, rng: Rng): Denoiser {
  if (settings.architecture === "residualMlp") return new DenoiserNetwork(shape, settings, rng);
  if (shape.tokenWidth === null)
    throw new Error(
      "The temporal denoiser reads a row as tokens, but this model's rows have no token width (only trajectory windows have one); use the residualMlp architecture.",
    );
  return new TemporalDenoiser({ ...shape, tokenWidth: shape.tokenWidth }, settings, rng);
}
