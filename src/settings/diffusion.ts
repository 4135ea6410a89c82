// Every setting of a diffusion model: the EDM noise process and sampler (Karras et al. 2022), the
// denoisers (SynthER's residual MLP, Lu et al. 2023; the weight-sharing temporal one) and their
// training (SynthER's Trainer). Defaults are SynthER's (reference/hyperparameters.md).
import { z } from "zod";
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
} from "./types.js";

/** Precisions of the denoiser's training products (engine/matmulPrecision.ts runs them). */
export const MATMUL_PRECISIONS = ["fp32", "bf16"] as const;

/** EDM: preconditioning, training noise and the Heun sampler with churn (Karras et al. 2022, Tables 1 and 5). */
export const edmSettingsSchema = z
  .object({
    sigmaMin: positiveNumber().default(0.002).describe("Smallest noise level of the sampler."),
    sigmaMax: positiveNumber().default(80).describe("Largest noise level of the sampler (its start)."),
    sigmaData: positiveNumber().default(1).describe("Standard deviation of the (normalized) data."),
    rho: positiveNumber().default(7).describe("Exponent of the sampler's noise schedule."),
    pMean: finiteNumber().default(-1.2).describe("Training noise: ln(sigma) ~ N(pMean, pStd^2)."),
    pStd: positiveNumber().default(1.2).describe("Training noise: the std of ln(sigma)."),
    sampleSteps: positiveInt(MAX_SAMPLER_STEPS)
      .default(128)
      .describe("Sampler steps N (2N - 1 denoiser calls); 16 or 32 are cheaper and somewhat worse."),
    sChurn: z
      .number()
      .finite()
      .min(0, "must be at least 0")
      .default(80)
      .describe("Stochasticity: gamma = min(sChurn / N, sqrt(2) - 1) while sTmin <= sigma <= sTmax."),
    sTmin: z
      .number()
      .finite()
      .min(0, "must be at least 0")
      .default(0.05)
      .describe("Churn is applied from this noise level ..."),
    sTmax: z.number().finite().min(0, "must be at least 0").default(50).describe("... up to this one."),
    sNoise: positiveNumber().default(1.003).describe("Scale of the churn's added noise."),
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
    width: positiveInt(MAX_WIDTH).default(128).describe("Values per token inside the network."),
    depth: positiveInt(MAX_DEPTH).default(4).describe("Residual blocks."),
    /**
     * How a block mixes the tokens: "conv", a temporal convolution (each token sees its kernelSize
     * neighbours through one token-wise Linear over their concatenation); "mixer", MLP-Mixer token
     * mixing (a Linear over the token axis, through tokenMixingWidth hidden positions).
     */
    mixing: oneOf(["conv", "mixer"] as const)
      .default("conv")
      .describe("How a block mixes tokens: conv (a temporal convolution) or mixer (MLP-Mixer token mixing)."),
    layerNorm: z
      .boolean({ invalid_type_error: "must be true or false" })
      .default(true)
      .describe("A LayerNorm at each block's input (pre-norm), as in MLP-Mixer and transformers."),
    /** Tokens a convolution sees (odd: the token and (kernelSize - 1) / 2 on each side). */
    kernelSize: positiveInt(MAX_DEPTH)
      .refine((v) => v % 2 === 1, "must be odd")
      .default(3)
      .describe("Tokens a convolution sees (odd: the token and (kernelSize - 1) / 2 on each side)."),
    tokenMixingWidth: positiveInt(MAX_WIDTH)
      .default(64)
      .describe("Hidden positions of the mixer's token-mixing MLP."),
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
      architecture: oneOf(DENOISER_ARCHITECTURES)
        .default(defaultArchitecture)
        .describe(
          "residualMlp (SynthER's, over the flat row) or temporal (weight sharing across window steps).",
        ),
      dimT: positiveInt(MAX_WIDTH)
        .default(128)
        .describe("Width of the time embedding and of the projected input (offline 128, online 256)."),
      width: positiveInt(MAX_WIDTH)
        .default(2048)
        .describe("Width of the residual MLP (offline 2048, 1024 for small datasets and online)."),
      depth: nonNegativeInt(MAX_DEPTH).default(6).describe("Residual blocks L."),
      activation: oneOf(["relu", "silu", "mish", "tanh"] as const)
        .default("relu")
        .describe("Activation of the residual blocks."),
      fourierFrequencies: positiveInt(MAX_WIDTH)
        .default(8)
        .describe(
          "Random Fourier frequencies of the time embedding (SynthER: learned_sinusoidal_dim 16 = 8 pairs).",
        ),
      finalLayerNorm: z
        .boolean({ invalid_type_error: "must be true or false" })
        .default(false)
        .describe("LayerNorm before the output layer (SynthER: off)."),
      /**
       * LayerNorm at the input of each residual-MLP block (x + Linear(act(LayerNorm(x)))), as this
       * project's blocks always had. Off: SynthER's published blocks, x + Linear(act(x))
       * (synther/diffusion/denoiser_network.py with layer_norm=False). Neither is better
       * throughout (each wins on some window lengths: results/denoiser-architecture.md), so the
       * default stays on, as the blocks always were.
       */
      blockLayerNorm: z
        .boolean({ invalid_type_error: "must be true or false" })
        .default(true)
        .describe("LayerNorm at the input of each residual-MLP block; off: SynthER's published blocks."),
      temporal: temporalDenoiserSettingsSchema
        .default({})
        .describe("The temporal denoiser's settings (architecture temporal)."),
    })
    .strict();

export const denoiserSettingsSchema = denoiserSchema("residualMlp");
export const windowDenoiserSettingsSchema = denoiserSchema("temporal");

/** SynthER's Trainer: AdamW, cosine schedule, gradient clipping, EMA with ema_pytorch's warm-up. */
export const diffusionTrainingSettingsSchema = z
  .object({
    lr: positiveNumber().default(3e-4).describe("AdamW learning rate (peak of the cosine schedule)."),
    beta1: unitInterval().default(0.9).describe("AdamW beta1."),
    beta2: unitInterval().default(0.99).describe("AdamW beta2."),
    weightDecay: z
      .number()
      .finite()
      .min(0, "must be at least 0")
      .default(0)
      .describe("AdamW decoupled weight decay."),
    totalSteps: positiveInt()
      .default(100_000)
      .describe("Steps of the cosine learning-rate schedule (PyTorch CosineAnnealingLR's T_max)."),
    maxGradNorm: z
      .number()
      .finite()
      .min(0, "must be at least 0")
      .default(1)
      .describe("Global gradient-norm clip; 0 turns clipping off."),
    batchSize: positiveInt(MAX_BATCH_SIZE).default(256).describe("Rows per training step."),
    emaDecay: unitInterval().default(0.995).describe("The EMA's decay ceiling (ema_pytorch's beta)."),
    emaEvery: positiveInt().default(10).describe("Training steps between two EMA updates."),
    emaStartStep: nonNegativeInt()
      .default(100)
      .describe("Until this step the EMA copies the weights (ema_pytorch's update_after_step)."),
    emaPower: positiveNumber()
      .default(2 / 3)
      .describe(
        "Warm-up: decay = min(emaDecay, 1 - (1 + e / emaInvGamma)^-emaPower), e = steps after the start.",
      ),
    emaInvGamma: positiveNumber()
      .default(1)
      .describe("EMA warm-up's inverse gamma (ema_pytorch's inv_gamma)."),
    sampleBatchSize: positiveInt(MAX_BATCH_SIZE)
      .default(8192)
      .describe("Rows per denoiser call when sampling (bounds the memory of one call)."),
    /**
     * The denoiser's matrix products in training, forward and backward: "fp32", or "bf16" (operands
     * rounded to bfloat16, sums in fp32; src/engine/matmulPrecision.ts). Weights, gradients, the
     * optimizer and everything else stay fp32, and sampling always runs in fp32. bf16 needs the
     * native backend on a CPU with AVX512_BF16; elsewhere training runs in fp32 and says so.
     * Its speed and its effect on loss and fidelity: results/matmul-precision/.
     */
    matmulPrecision: oneOf(MATMUL_PRECISIONS)
      .default("fp32")
      .describe('Training products: "fp32", or "bf16" inputs with fp32 sums (native AVX512_BF16 only).'),
  })
  .strict();

const diffusionSchema = (denoiser: typeof denoiserSettingsSchema) =>
  z
    .object({
      edm: edmSettingsSchema.default({}).describe("The EDM noise process and sampler."),
      denoiser: denoiser.default({}).describe("The denoiser network."),
      training: diffusionTrainingSettingsSchema.default({}).describe("The denoiser's training."),
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
