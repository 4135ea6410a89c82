// Settings of the SAC run that yields an env's behavior policies. D4RL's "medium" is a SAC policy
// stopped early, its "expert" a fully trained one; what a user compares is the score of the DATA
// (rollouts with sampled actions), so both are chosen by it (dataScore.ts), not by a fraction of the
// expert reference: the deterministic mean action of walker2d scores far above its own samples.
//   At every evaluation (every evalEvery env steps) the actor is kept (snapshots/) and its data is
//   scored over dataScoreEpisodes sampled episodes. A snapshot within screenTolerance points of a
//   target is scored over confirmEpisodes more; if the score over all of them is within
//   dataScoreTolerance points, it is taken:
//   medium: the first snapshot so taken for mediumDataScore; the replay buffer up to its step is
//           the medium-replay data. Should a snapshot screen above the window (mediumDataScore +
//           screenTolerance) before one is taken, the scores have passed the target: the snapshot
//           so far closest to it is taken instead (its data from the run's buffer and state log).
//   expert: the first snapshot so taken for expertDataScore; the run stops there once the medium
//           exists too. A run that reaches `steps` without one takes the snapshot of highest
//           screened data score (SAC on hopper may never sample as well as D4RL's expert).
// The agent is SAC with its reference settings (reference/hyperparameters.md): per CPU-second it
// gets further than REDQ or RLPD-style high update-to-data ratios, which buy fewer env steps with
// many more (and ensemble-wider) gradient updates, and updates are what costs here.
import type { z } from "zod";
import { type D4rlFamily, d4rlFamilyOf } from "../data/d4rlScores.js";
import { policyTrainingSettingsSchema } from "../settings/datasets.js";
import { parseRunSettings } from "./sacPolicyRun.js";

export { policyTrainingSettingsSchema } from "../settings/datasets.js";

export type PolicyTrainingSettings = z.output<typeof policyTrainingSettingsSchema>;
export type PolicyTrainingSettingsInput = z.input<typeof policyTrainingSettingsSchema>;

/**
 * The D4RL v2 datasets' own normalized scores (the mean return of their episodes, normalized), as
 * quoted in issue 20 (rounded): the targets of the medium and expert data.
 */
export const DATA_SCORE_TARGETS: Readonly<Partial<Record<D4rlFamily, { medium: number; expert: number }>>> = {
  hopper: { medium: 44, expert: 108 },
  walker2d: { medium: 62, expert: 107 },
  halfcheetah: { medium: 41, expert: 88 },
};

/** Names the settings in error sentences and in the loop's config. */
export const POLICY_TRAINING_SETTINGS = "behavior-policy training";

export function parsePolicyTrainingSettings(input: PolicyTrainingSettingsInput): PolicyTrainingSettings {
  const s = parseRunSettings(policyTrainingSettingsSchema, input, POLICY_TRAINING_SETTINGS);
  policyTrainingFamily(s);
  return s;
}

/** The D4RL family whose reference returns score the run's data; an env without one is refused. */
export function policyTrainingFamily(s: Pick<PolicyTrainingSettings, "env">): D4rlFamily {
  const family = d4rlFamilyOf(s.env);
  if (!family || family === "antmaze" || family === "kitchen")
    throw new Error(
      `The ${POLICY_TRAINING_SETTINGS} setting "env" is ${s.env}, which has no D4RL locomotion reference returns to score its data by (hopper, halfcheetah, walker2d, ant).`,
    );
  return family;
}
