// Every setting of a diffusion model, as one zod schema with three parts: the EDM noise process
// and sampler (Karras et al. 2022), the residual-MLP denoiser and its training (SynthER, Lu et al.
// 2023). Defaults are SynthER's (reference/hyperparameters.md; config/resmlp_denoiser.gin).
import type { z } from "zod";
import { parseAgentSettings } from "../agents/parseAgentSettings.js";
import {
  DENOISER_ARCHITECTURES,
  type DenoiserArchitecture,
  denoiserSettingsSchema,
  diffusionSettingsSchema,
  diffusionTrainingSettingsSchema,
  edmSettingsSchema,
  temporalDenoiserSettingsSchema,
  windowDenoiserSettingsSchema,
  windowDiffusionSettingsSchema,
} from "../settings/diffusion.js";

export {
  DENOISER_ARCHITECTURES,
  type DenoiserArchitecture,
  denoiserSettingsSchema,
  diffusionSettingsSchema,
  diffusionTrainingSettingsSchema,
  edmSettingsSchema,
  temporalDenoiserSettingsSchema,
  windowDenoiserSettingsSchema,
  windowDiffusionSettingsSchema,
};

export type EdmSettings = z.output<typeof edmSettingsSchema>;
export type DenoiserSettings = z.output<typeof denoiserSettingsSchema>;
export type DenoiserSettingsInput = z.input<typeof denoiserSettingsSchema>;
export type TemporalDenoiserSettings = z.output<typeof temporalDenoiserSettingsSchema>;
export type DiffusionTrainingSettings = z.output<typeof diffusionTrainingSettingsSchema>;
export type DiffusionSettings = z.output<typeof diffusionSettingsSchema>;
export type DiffusionSettingsInput = z.input<typeof diffusionSettingsSchema>;

/** SynthER's denoiser sizes (hyperparameters.md). */
export const DENOISER_PRESETS = {
  offline: { dimT: 128, width: 2048, depth: 6 },
  offlineSmall: { dimT: 128, width: 1024, depth: 6 },
  online: { dimT: 256, width: 1024, depth: 6 },
} as const satisfies Record<string, Partial<DenoiserSettings>>;

/** Validates diffusion settings; a bad one fails with one sentence naming it. */
export function parseDiffusionSettings(input: unknown): DiffusionSettings {
  return parseAgentSettings("diffusion", diffusionSettingsSchema, input);
}

/**
 * An estimate of the engine memory a denoiser's training takes, in bytes: its parameters five
 * times over (weights, gradient, EMA, Adam's two moments) and one batch's activations forward and
 * backward (about four per block and row for the residual MLP; for the temporal denoiser, per token
 * and block its kernel's concatenation plus about six more, twice). Checked before the network is
 * built; `tokenWidth` is the temporal denoiser's values per token (a window step).
 */
export function denoiserTrainingBytes(
  dataDim: number,
  conditionDim: number,
  s: DiffusionSettings,
  tokenWidth: number | null = null,
): number {
  const batch = s.training.batchSize;
  if (s.denoiser.architecture === "temporal" && tokenWidth !== null) {
    const { width, depth, kernelSize, tokenMixingWidth } = s.denoiser.temporal;
    const tokens = Math.ceil(dataDim / tokenWidth);
    const perBlock = kernelSize * width * width + 2 * width * width + 2 * tokens * tokenMixingWidth;
    const parameters =
      2 * tokenWidth * width + (conditionDim + s.denoiser.dimT + tokens) * width + depth * perBlock;
    const activations = batch * tokens * width * (depth * (kernelSize + 6) + 4) * 2;
    return 4 * (5 * parameters + activations);
  }
  const { dimT, width, depth } = s.denoiser;
  const parameters = (dataDim + conditionDim) * dimT + dimT * width + depth * width * width + width * dataDim;
  const activations = batch * width * (4 * depth + 4) * 2;
  return 4 * (5 * parameters + activations);
}

/** Validates a window diffuser's diffusion settings (the temporal denoiser by default). */
export function parseWindowDiffusionSettings(input: unknown): DiffusionSettings {
  return parseAgentSettings("diffusion", windowDiffusionSettingsSchema, input);
}

/**
 * Saved diffusion settings as the version that wrote them meant them: settings written before the
 * denoiser had an architecture and a blockLayerNorm setting were a residual MLP whose blocks had a
 * LayerNorm. Checkpoints and generator manifests are read through this.
 */
export function withSavedDenoiserDefaults(settings: unknown): unknown {
  if (typeof settings !== "object" || settings === null) return settings;
  const s = settings as { denoiser?: unknown };
  const denoiser = (typeof s.denoiser === "object" && s.denoiser !== null ? s.denoiser : {}) as Record<
    string,
    unknown
  >;
  return {
    ...s,
    denoiser: {
      ...denoiser,
      architecture: denoiser.architecture ?? "residualMlp",
      blockLayerNorm: denoiser.blockLayerNorm ?? true,
    },
  };
}
