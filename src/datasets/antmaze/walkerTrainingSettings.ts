// Settings of the SAC run that trains the AntMaze collector's walking policy on the goal-reaching
// walking task (antWalkingEnv.ts). The run keeps its best evaluation's actor as the policy (as the
// expert of the locomotion recipes): the highest mean evaluation return, i.e. the most progress
// toward goals per episode. D4RL does not say how long its policy trained; an ant needs on the
// order of 1M SAC steps to walk well, hence the default.
import { z } from "zod";
import { agentSettingsField, parseRunSettings, sacLoopSettingsShape } from "../sacPolicyRun.js";
import { DEFAULT_ANT_WALKING_TASK } from "./antWalkingEnv.js";

const positive = z.number().finite().positive();

export const walkingTaskSchema = z
  .object({
    minGoalDistance: positive.default(DEFAULT_ANT_WALKING_TASK.minGoalDistance),
    maxGoalDistance: positive.default(DEFAULT_ANT_WALKING_TASK.maxGoalDistance),
    ctrlCostWeight: z.number().finite().min(0).default(DEFAULT_ANT_WALKING_TASK.ctrlCostWeight),
  })
  .strict();

export const walkerTrainingSettingsSchema = z
  .object({
    ...sacLoopSettingsShape({ evalEvery: 10_000, evalEpisodes: 5 }),
    /** Training and evaluation episodes are truncated after this many steps (goals keep being re-drawn). */
    episodeSteps: z.number().int().min(1).default(500),
    task: walkingTaskSchema.default({}),
    agentSettings: agentSettingsField(),
  })
  .strict();

export type WalkerTrainingSettings = z.output<typeof walkerTrainingSettingsSchema>;
export type WalkerTrainingSettingsInput = z.input<typeof walkerTrainingSettingsSchema>;

/** Names the settings in error sentences and in the loop's config. */
export const WALKER_TRAINING_SETTINGS = "walking-policy training";

export function parseWalkerTrainingSettings(input: WalkerTrainingSettingsInput): WalkerTrainingSettings {
  return parseRunSettings(walkerTrainingSettingsSchema, input, WALKER_TRAINING_SETTINGS);
}
