// Settings of the SAC run that yields an env's behavior policies (D4RL's recipe: "medium" is a SAC
// policy stopped early at about a third of the expert's return, "expert" a fully trained one).
//   medium: the first evaluation (every evalEvery env steps, evalEpisodes deterministic episodes)
//           whose mean return is >= mediumReturn, by default 1/3 of the env's D4RL reference
//           expert return (REF_MAX); the replay buffer up to that step is the medium-replay data.
//   expert: the best evaluation (highest mean return; the earliest on ties) of the whole run of
//           `steps` env steps.
// The agent is SAC with its reference settings (reference/hyperparameters.md).
import { z } from "zod";
import { D4RL_REFERENCE_RETURNS, type D4rlFamily } from "../data/d4rlScores.js";

const positiveInt = z.number().int().min(1);

export const policyTrainingSettingsSchema = z
  .object({
    env: z.string().min(1),
    /** The training run's seed (agent initialization, exploration, episode resets). */
    seed: z.number().int().min(0).default(0),
    /** The whole run, in env steps: the expert is the best evaluation within it. */
    steps: positiveInt.default(1_000_000),
    evalEvery: positiveInt.default(5000),
    evalEpisodes: positiveInt.default(10),
    checkpointEvery: positiveInt.default(10_000),
    randomStartSteps: z.number().int().min(0).default(5000),
    batchSize: positiveInt.default(256),
    logEvery: positiveInt.default(1000),
    /** Medium stopping rule: the first evaluation mean at or above this. */
    mediumReturn: z.number().finite(),
    /** SAC settings besides its preset (agents/sacFamilySettings.ts). */
    agentSettings: z.record(z.unknown()).default({}),
  })
  .strict();

export type PolicyTrainingSettings = z.output<typeof policyTrainingSettingsSchema>;
export type PolicyTrainingSettingsInput = z.input<typeof policyTrainingSettingsSchema>;

/** D4RL's "medium": about 1/3 of the expert's return. */
export const MEDIUM_FRACTION_OF_EXPERT = 1 / 3;

/** The medium threshold of a D4RL family: REF_MAX / 3. */
export function defaultMediumReturn(family: D4rlFamily): number {
  return D4RL_REFERENCE_RETURNS[family].max * MEDIUM_FRACTION_OF_EXPERT;
}

export function parsePolicyTrainingSettings(input: PolicyTrainingSettingsInput): PolicyTrainingSettings {
  const r = policyTrainingSettingsSchema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new Error(
    `The behavior-policy training setting "${issue.path.join(".")}" is invalid: ${issue.message}.`,
  );
}
