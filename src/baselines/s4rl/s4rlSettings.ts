// Settings of the S4RL baseline (Sinha et al. 2021, "S4RL: Surprisingly Simple Self-Supervision for
// Offline RL"): zero-mean Gaussian noise on the states of sampled batches.
import type { z } from "zod";
import { parseAgentSettings } from "../../agents/parseAgentSettings.js";
import { s4rlSettingsSchema } from "../../settings/baselines.js";

export { s4rlSettingsSchema };

export type S4rlSettings = z.output<typeof s4rlSettingsSchema>;
export type S4rlSettingsInput = z.input<typeof s4rlSettingsSchema>;

export function parseS4rlSettings(input: unknown): S4rlSettings {
  return parseAgentSettings("S4RL", s4rlSettingsSchema, input);
}
