// Settings of the SAC run that trains the AntMaze collector's walking policy on the goal-reaching
// walking task (antWalkingEnv.ts). The run keeps its best evaluation's actor as the policy (as the
// expert of the locomotion recipes): the highest mean evaluation return, i.e. the most progress
// toward goals per episode. D4RL does not say how long its policy trained; an ant needs on the
// order of 1M SAC steps to walk well, hence the default.
import { z } from "zod";
import { DEFAULT_ANT_WALKING_TASK } from "./antWalkingEnv.js";

const positiveInt = z.number().int().min(1);
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
    /** The run's seed (agent initialization, exploration, episode resets). */
    seed: z.number().int().min(0).default(0),
    /** Env steps of the whole run; the policy is the best evaluation within it. */
    steps: positiveInt.default(1_000_000),
    evalEvery: positiveInt.default(10_000),
    evalEpisodes: positiveInt.default(5),
    checkpointEvery: positiveInt.default(10_000),
    randomStartSteps: z.number().int().min(0).default(5000),
    batchSize: positiveInt.default(256),
    logEvery: positiveInt.default(1000),
    /** Training and evaluation episodes are truncated after this many steps (goals keep being re-drawn). */
    episodeSteps: positiveInt.default(500),
    task: walkingTaskSchema.default({}),
    /** SAC settings besides its preset (agents/sacFamilySettings.ts). */
    agentSettings: z.record(z.unknown()).default({}),
  })
  .strict();

export type WalkerTrainingSettings = z.output<typeof walkerTrainingSettingsSchema>;
export type WalkerTrainingSettingsInput = z.input<typeof walkerTrainingSettingsSchema>;

export function parseWalkerTrainingSettings(input: WalkerTrainingSettingsInput): WalkerTrainingSettings {
  const r = walkerTrainingSettingsSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new Error(
    `The walking-policy training setting "${issue.path.join(".")}" is invalid: ${issue.message}.`,
  );
}
