// Settings of the S4RL baseline (Sinha et al. 2021, "S4RL: Surprisingly Simple Self-Supervision for
// Offline RL"): zero-mean Gaussian noise on the states of sampled batches.
import { z } from "zod";
import { parseAgentSettings } from "../../agents/parseAgentSettings.js";

export const s4rlSettingsSchema = z
  .object({
    /** Standard deviation of the noise added to s and s' (S4RL's Gaussian augmentation: 3e-4). */
    noiseScale: z
      .number({ invalid_type_error: "must be a number" })
      .finite("must be finite")
      .min(0, "must be at least 0")
      .default(3e-4),
  })
  .strict();

export type S4rlSettings = z.output<typeof s4rlSettingsSchema>;
export type S4rlSettingsInput = z.input<typeof s4rlSettingsSchema>;

export function parseS4rlSettings(input: unknown): S4rlSettings {
  return parseAgentSettings("S4RL", s4rlSettingsSchema, input);
}
