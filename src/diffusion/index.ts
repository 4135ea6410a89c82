// atradiff/diffusion: diffusion models over fixed-width rows. EDM (Karras et al. 2022) with SynthER's
// residual-MLP denoiser and training (Lu et al. 2023), a denoiser that shares weights across the
// steps of a window, the Heun sampler, conditioning and inpainting for ATraDiff's windows.
export { createDenoiser, type Denoiser, type DenoiserInput } from "./denoiser.js";
export { DenoiserNetwork, type DenoiserShape } from "./denoiserNetwork.js";
export {
  DENOISER_PRESETS,
  type DenoiserSettings,
  type DiffusionSettings,
  type DiffusionSettingsInput,
  type DiffusionTrainingSettings,
  denoiserSettingsSchema,
  diffusionSettingsSchema,
  diffusionTrainingSettingsSchema,
  type EdmSettings,
  edmSettingsSchema,
  parseDiffusionSettings,
} from "./diffusionSettings.js";
export {
  type DiffusionSampleOptions,
  type DiffusionStepStats,
  DiffusionTrainer,
  type DiffusionTrainerOptions,
} from "./diffusionTrainer.js";
export { edmLoss } from "./edmLoss.js";
export { type HeunSampleOptions, heunSample } from "./heunSampler.js";
export { type FixedCoordinates, INPAINT_MODES, type InpaintMode } from "./inpainting.js";
export { karrasSigmas } from "./noiseSchedule.js";
export { type NoiseDraw, type NoiseSource, rngNoise } from "./noiseSource.js";
export { Normalizer, type NormalizerJson } from "./normalizer.js";
export { type DenoiseFn, preconditionedDenoiser } from "./preconditionedDenoiser.js";
export { TemporalDenoiser, type TokenizedShape } from "./temporalDenoiser.js";
