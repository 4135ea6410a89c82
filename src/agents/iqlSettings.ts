// Settings of IQL (Kostrikov et al. 2022), defaults from CORL's locomotion configuration as
// recorded in reference/hyperparameters.md (AntMaze: expectile 0.9, beta 10; its reward shift
// of -1 and the locomotion reward scaling are the offline loop's job).
import type { z } from "zod";
import { iqlSettingsSchema } from "../settings/agents.js";

export { iqlSettingsSchema };

export type IqlSettings = z.output<typeof iqlSettingsSchema>;
