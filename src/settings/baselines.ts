// Settings of the baselines: SynthER (Lu et al. 2023; transition diffusion on rows [s, a, r, s',
// terminal], defaults from its config/resmlp_denoiser.gin) and S4RL (Sinha et al. 2021; Gaussian
// noise on the states of sampled batches).
import { z } from "zod";
import { diffusionSettingsSchema } from "./diffusion.js";
import { positiveInt, unitInterval } from "./types.js";

export const syntherSettingsSchema = z
  .object({
    diffusion: diffusionSettingsSchema
      .default({})
      .describe("The diffusion model; training.totalSteps is also the number of training steps."),
    largeBatchSize: positiveInt()
      .default(1024)
      .describe("Batch size from `largeDatasetRows` rows on (training.batchSize below)."),
    largeDatasetRows: positiveInt()
      .default(800_000)
      .describe("From this many rows on, SynthER trains with largeBatchSize."),
    modelTerminals: z
      .boolean({ invalid_type_error: "must be true or false" })
      .default(true)
      .describe(
        "Model the terminal flag as a last column (left unnormalized); else generated terminals are 0.",
      ),
    terminalThreshold: unitInterval()
      .default(0.5)
      .describe("A generated terminal value above this counts as 1."),
    seed: z
      .number({ invalid_type_error: "must be an integer" })
      .int("must be an integer")
      .default(0)
      .describe("Seeds the weights, the training noise and the batch order."),
  })
  .strict();

export type SyntherSettings = z.output<typeof syntherSettingsSchema>;
export type SyntherSettingsInput = z.input<typeof syntherSettingsSchema>;

export const s4rlSettingsSchema = z
  .object({
    /** Standard deviation of the noise added to s and s' (S4RL's Gaussian augmentation: 3e-4). */
    noiseScale: z
      .number({ invalid_type_error: "must be a number" })
      .finite("must be finite")
      .min(0, "must be at least 0")
      .default(3e-4)
      .describe("Std of the Gaussian noise added to s and s' (S4RL's Gaussian augmentation)."),
  })
  .strict();

export type S4rlSettings = z.output<typeof s4rlSettingsSchema>;
export type S4rlSettingsInput = z.input<typeof s4rlSettingsSchema>;
