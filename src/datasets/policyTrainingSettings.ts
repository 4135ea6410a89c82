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
import { agentSettingsField, parseRunSettings, sacLoopSettingsShape } from "./sacPolicyRun.js";

export const policyTrainingSettingsSchema = z
  .object({
    env: z.string().min(1),
    ...sacLoopSettingsShape({ evalEvery: 5000, evalEpisodes: 10 }),
    /** Medium stopping rule: the first evaluation mean at or above this. */
    mediumReturn: z.number().finite(),
    agentSettings: agentSettingsField(),
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

/** Names the settings in error sentences and in the loop's config. */
export const POLICY_TRAINING_SETTINGS = "behavior-policy training";

export function parsePolicyTrainingSettings(input: PolicyTrainingSettingsInput): PolicyTrainingSettings {
  return parseRunSettings(policyTrainingSettingsSchema, input, POLICY_TRAINING_SETTINGS);
}
