// Settings of TD3+BC (Fujimoto & Gu 2021), defaults from the authors' code as recorded in
// reference/hyperparameters.md. State normalization (std + 1e-3) is the offline loop's job.
import type { z } from "zod";
import { td3bcSettingsSchema } from "../settings/agents.js";

export { td3bcSettingsSchema };

export type Td3bcSettings = z.output<typeof td3bcSettingsSchema>;
