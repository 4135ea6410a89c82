// Settings of the SynthER baseline (Lu et al. 2023): transition-level diffusion on rows
// [s, a, r, s', terminal]. Defaults from SynthER's config/resmlp_denoiser.gin (reference/
// hyperparameters.md): the offline denoiser (dim_t 128, width 2048, 6 blocks), 100k steps, batch
// 256 below 800k rows and 1024 from there, terminals modelled, unnormalized, thresholded at 0.5.
import { z } from "zod";
import { parseAgentSettings } from "../../agents/parseAgentSettings.js";
import { positiveInt, unitInterval } from "../../agents/settingTypes.js";
import { diffusionSettingsSchema } from "../../diffusion/diffusionSettings.js";

export const syntherSettingsSchema = z
  .object({
    /** The diffusion model; training.totalSteps is also the number of training steps. */
    diffusion: diffusionSettingsSchema.default({}),
    /** Batch size from `largeDatasetRows` rows on (training.batchSize below). */
    largeBatchSize: positiveInt().default(1024),
    largeDatasetRows: positiveInt().default(800_000),
    /** Model the terminal flag as a last column (left unnormalized); else generated terminals are 0. */
    modelTerminals: z.boolean({ invalid_type_error: "must be true or false" }).default(true),
    /** A generated terminal value above this counts as 1. */
    terminalThreshold: unitInterval().default(0.5),
    /** Seeds the weights, the training noise and the batch order. */
    seed: z.number({ invalid_type_error: "must be an integer" }).int("must be an integer").default(0),
  })
  .strict();

export type SyntherSettings = z.output<typeof syntherSettingsSchema>;
export type SyntherSettingsInput = z.input<typeof syntherSettingsSchema>;

export function parseSyntherSettings(input: unknown): SyntherSettings {
  return parseAgentSettings("SynthER", syntherSettingsSchema, input);
}
