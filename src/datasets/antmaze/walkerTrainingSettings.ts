// Settings of the SAC run that trains the AntMaze collector's walking policy on the goal-reaching
// walking task (antWalkingEnv.ts). The run keeps its best evaluation's actor as the policy (as the
// expert of the locomotion recipes): the highest mean evaluation return, i.e. the most progress
// toward goals per episode. D4RL does not say how long its policy trained; an ant needs on the
// order of 1M SAC steps to walk well, hence the default.
import type { z } from "zod";
import { walkerTrainingSettingsSchema } from "../../settings/datasets.js";
import { parseRunSettings } from "../sacPolicyRun.js";

export { walkerTrainingSettingsSchema, walkingTaskSchema } from "../../settings/datasets.js";

export type WalkerTrainingSettings = z.output<typeof walkerTrainingSettingsSchema>;
export type WalkerTrainingSettingsInput = z.input<typeof walkerTrainingSettingsSchema>;

/** Names the settings in error sentences and in the loop's config. */
export const WALKER_TRAINING_SETTINGS = "walking-policy training";

export function parseWalkerTrainingSettings(input: WalkerTrainingSettingsInput): WalkerTrainingSettings {
  return parseRunSettings(walkerTrainingSettingsSchema, input, WALKER_TRAINING_SETTINGS);
}
