// Every setting of a diffusion model, as one zod schema with three parts: the EDM noise process
// and sampler (Karras et al. 2022), the residual-MLP denoiser and its training (SynthER, Lu et al.
// 2023). Defaults are SynthER's (reference/hyperparameters.md; config/resmlp_denoiser.gin).
import { z } from "zod";
import { parseAgentSettings } from "../agents/parseAgentSettings.js";
import {
  finiteNumber,
  MAX_BATCH_SIZE,
  MAX_DEPTH,
  MAX_SAMPLER_STEPS,
  MAX_WIDTH,
  nonNegativeInt,
  oneOf,
  positiveInt,
  positiveNumber,
  unitInterval,
} from "../agents/settingTypes.js";
import { MATMUL_PRECISIONS } from "../engine/matmulPrecision.js";

/** EDM: preconditioning, training noise and the Heun sampler with churn (Karras et al. 2022, Tables 1 and 5). */
export const edmSettingsSchema = z
  .object({
    sigmaMin: positiveNumber().default(0.002),
    sigmaMax: positiveNumber().default(80),
    /** Standard deviation of the (normalized) data. */
    sigmaData: positiveNumber().default(1),
    /** Exponent of the sampler's noise schedule. */
    rho: positiveNumber().default(7),
    /** Training noise: ln(sigma) ~ N(pMean, pStd^2). */
    pMean: finiteNumber().default(-1.2),
    pStd: positiveNumber().default(1.2),
    /** Sampler steps N (2N - 1 denoiser calls); 16 or 32 are cheaper and somewhat worse. */
    sampleSteps: positiveInt(MAX_SAMPLER_STEPS).default(128),
    /** Stochasticity: gamma = min(sChurn / N, sqrt(2) - 1) while sTmin <= sigma <= sTmax. */
    sChurn: z.number().finite().min(0, "must be at least 0").default(80),
    sTmin: z.number().finite().min(0, "must be at least 0").default(0.05),
    sTmax: z.number().finite().min(0, "must be at least 0").default(50),
    sNoise: positiveNumber().default(1.003),
  })
  .strict()
  .refine((s) => s.sigmaMin < s.sigmaMax, { message: "sigmaMin must be below sigmaMax", path: ["sigmaMin"] });

/**
 * The weight-sharing denoiser over a row read as a sequence of tokens (temporalDenoiser.ts): each
 * token (one window step) is embedded by the same layer, the blocks mix neighbouring tokens, and
 * the noise level, the condition and the token's position are added to every token.
 */
export const temporalDenoiserSettingsSchema = z
  .object({
    /** Values per token inside the network. */
    width: positiveInt(MAX_WIDTH).default(128),
    /** Residual blocks. */
    depth: positiveInt(MAX_DEPTH).default(4),
    /**
     * How a block mixes the tokens: "conv", a temporal convolution (each token sees its kernelSize
     * neighbours through one token-wise Linear over their concatenation); "mixer", MLP-Mixer token
     * mixing (a Linear over the token axis, through tokenMixingWidth hidden positions).
     */
    mixing: oneOf(["conv", "mixer"] as const).default("conv"),
    /** A LayerNorm at each block's input (pre-norm), as in MLP-Mixer and transformers. */
    layerNorm: z.boolean({ invalid_type_error: "must be true or false" }).default(true),
    /** Tokens a convolution sees (odd: the token and (kernelSize - 1) / 2 on each side). */
    kernelSize: positiveInt(MAX_DEPTH)
      .refine((v) => v % 2 === 1, "must be odd")
      .default(3),
    /** Hidden positions of the mixer's token-mixing MLP. */
    tokenMixingWidth: positiveInt(MAX_WIDTH).default(64),
  })
  .strict();

export const DENOISER_ARCHITECTURES = ["residualMlp", "temporal"] as const;
export type DenoiserArchitecture = (typeof DENOISER_ARCHITECTURES)[number];

/**
 * The denoiser: SynthER's ResidualMLPDenoiser over the flat row ("residualMlp"; for windows the
 * paper's setting, A.2), or the weight-sharing "temporal" denoiser, which needs the row's token
 * width (a window's step width) from the model that uses it. Plain rows (SynthER's transitions)
 * default to the residual MLP, trajectory windows to the temporal denoiser
 * (windowDiffusionSettingsSchema; results/denoiser-architecture/ has the measurements).
 */
const denoiserSchema = (defaultArchitecture: DenoiserArchitecture) =>
  z
    .object({
      architecture: oneOf(DENOISER_ARCHITECTURES).default(defaultArchitecture),
      /** Width of the time embedding and of the projected input (offline 128, online 256). */
      dimT: positiveInt(MAX_WIDTH).default(128),
      /** Width of the residual MLP (offline 2048, 1024 for small datasets and online). */
      width: positiveInt(MAX_WIDTH).default(2048),
      /** Residual blocks L. */
      depth: nonNegativeInt(MAX_DEPTH).default(6),
      activation: oneOf(["relu", "silu", "mish", "tanh"] as const).default("relu"),
      /** Random Fourier frequencies of the time embedding (SynthER: learned_sinusoidal_dim 16 = 8 pairs). */
      fourierFrequencies: positiveInt(MAX_WIDTH).default(8),
      /** LayerNorm before the output layer (SynthER: off). */
      finalLayerNorm: z.boolean({ invalid_type_error: "must be true or false" }).default(false),
      /**
       * LayerNorm at the input of each residual-MLP block (x + Linear(act(LayerNorm(x)))), as this
       * project's blocks always had. Off: SynthER's published blocks, x + Linear(act(x))
       * (synther/diffusion/denoiser_network.py with layer_norm=False). Measured, neither is better
       * throughout (results/denoiser-architecture/): off was 13% better on hopper windows of 15
       * and 25 steps, on was 12% better at 5 steps and on two toy tests, so the default stays on.
       */
      blockLayerNorm: z.boolean({ invalid_type_error: "must be true or false" }).default(true),
      temporal: temporalDenoiserSettingsSchema.default({}),
    })
    .strict();

export const denoiserSettingsSchema = denoiserSchema("residualMlp");
export const windowDenoiserSettingsSchema = denoiserSchema("temporal");

/** SynthER's Trainer: AdamW, cosine schedule, gradient clipping, EMA with ema_pytorch's warm-up. */
export const diffusionTrainingSettingsSchema = z
  .object({
    lr: positiveNumber().default(3e-4),
    beta1: unitInterval().default(0.9),
    beta2: unitInterval().default(0.99),
    weightDecay: z.number().finite().min(0, "must be at least 0").default(0),
    /** Steps of the cosine learning-rate schedule (PyTorch CosineAnnealingLR's T_max). */
    totalSteps: positiveInt().default(100_000),
    /** Global gradient-norm clip; 0 turns clipping off. */
    maxGradNorm: z.number().finite().min(0, "must be at least 0").default(1),
    batchSize: positiveInt(MAX_BATCH_SIZE).default(256),
    /** The EMA's decay ceiling (ema_pytorch's beta). */
    emaDecay: unitInterval().default(0.995),
    emaEvery: positiveInt().default(10),
    /** Until this step the EMA copies the weights (ema_pytorch's update_after_step). */
    emaStartStep: nonNegativeInt().default(100),
    /** Warm-up: decay = min(emaDecay, 1 - (1 + e / emaInvGamma)^-emaPower), e = steps after the start. */
    emaPower: positiveNumber().default(2 / 3),
    emaInvGamma: positiveNumber().default(1),
    /** Rows per denoiser call when sampling (bounds the memory of one call). */
    sampleBatchSize: positiveInt(MAX_BATCH_SIZE).default(8192),
    /**
     * The denoiser's matrix products in training, forward and backward: "fp32", or "bf16" (operands
     * rounded to bfloat16, sums in fp32; src/engine/matmulPrecision.ts). Weights, gradients, the
     * optimizer and everything else stay fp32, and sampling always runs in fp32. bf16 needs the
     * native backend on a CPU with AVX512_BF16; elsewhere training runs in fp32 and says so.
     * README's native backend section has its speed and its effect on the loss and on fidelity.
     */
    matmulPrecision: oneOf(MATMUL_PRECISIONS).default("fp32"),
  })
  .strict();

const diffusionSchema = (denoiser: typeof denoiserSettingsSchema) =>
  z
    .object({
      edm: edmSettingsSchema.default({}),
      denoiser: denoiser.default({}),
      training: diffusionTrainingSettingsSchema.default({}),
    })
    .strict();

/** A diffusion model over plain rows (SynthER): the residual-MLP denoiser by default. */
export const diffusionSettingsSchema = diffusionSchema(denoiserSettingsSchema);
/** A diffusion model over trajectory windows (ATraDiff's diffusers): the temporal denoiser by default. */
export const windowDiffusionSettingsSchema = diffusionSchema(windowDenoiserSettingsSchema);

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
