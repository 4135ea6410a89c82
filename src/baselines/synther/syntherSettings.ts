// Settings of the SynthER baseline (Lu et al. 2023): transition-level diffusion on rows
// [s, a, r, s', terminal]. Defaults from SynthER's config/resmlp_denoiser.gin (reference/
// hyperparameters.md): the offline denoiser (dim_t 128, width 2048, 6 blocks), 100k steps, batch
// 256 below 800k rows and 1024 from there, terminals modelled, unnormalized, thresholded at 0.5.
import type { z } from "zod";
import { parseAgentSettings } from "../../agents/parseAgentSettings.js";
import { syntherSettingsSchema } from "../../settings/baselines.js";

export { syntherSettingsSchema };

export type SyntherSettings = z.output<typeof syntherSettingsSchema>;
export type SyntherSettingsInput = z.input<typeof syntherSettingsSchema>;

export function parseSyntherSettings(input: unknown): SyntherSettings {
  return parseAgentSettings("SynthER", syntherSettingsSchema, input);
}
