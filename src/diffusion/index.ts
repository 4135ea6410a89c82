// Diffusion models over fixed-width rows: EDM (Karras et al. 2022) with SynthER's denoiser and
// training (Lu et al. 2023), conditioning and inpainting for ATraDiff's trajectory windows.
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
export { drawTrainingNoise, edmLoss, type TrainingDraws } from "./edmLoss.js";
export { cIn, cNoise, cOut, cSkip, lossWeight } from "./edmPreconditioning.js";
export { type HeunSampleOptions, heunSample } from "./heunSampler.js";
export { type FixedCoordinates, INPAINT_MODES, type InpaintMode } from "./inpainting.js";
export { churnGamma, karrasSigmas } from "./noiseSchedule.js";
export { type NoiseDraw, type NoiseSource, rngNoise } from "./noiseSource.js";
export { Normalizer, type NormalizerJson } from "./normalizer.js";
export { type DenoiseFn, preconditionedDenoiser } from "./preconditionedDenoiser.js";
export { TemporalDenoiser, type TokenizedShape } from "./temporalDenoiser.js";
export { emaActionAt, updateEma } from "./warmupEma.js";
