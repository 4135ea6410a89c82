// Where an env's behavior-policy training run lives and with which settings: the same for
// `dataset build --train-policy` and for anyone resuming the run, so that a run started once is
// found and continued (its settings are pinned in training.json).
import { join } from "node:path";
import type { D4rlFamily } from "../data/d4rlScores.js";
import { dataDirectory } from "../data/dataDirectory.js";
import { DATA_SCORE_TARGETS, type PolicyTrainingSettingsInput } from "./policyTrainingSettings.js";
import { trainingDirectoryName } from "./trainingDirectory.js";

/** The default seed of the runs whose policies are committed in data/policies/. */
export const POLICY_TRAINING_SEED = 0;

export function policyTrainingSettingsFor(
  family: D4rlFamily,
  seed = POLICY_TRAINING_SEED,
): PolicyTrainingSettingsInput {
  const targets = DATA_SCORE_TARGETS[family];
  if (!targets)
    throw new Error(
      `${family} has no target data scores for its medium and expert policies (policyTrainingSettings.ts: DATA_SCORE_TARGETS); D4RL's are known for ${Object.keys(DATA_SCORE_TARGETS).join(", ")}.`,
    );
  return { env: family, seed, mediumDataScore: targets.medium, expertDataScore: targets.expert };
}

/** <data dir>/policy-training/<env>-sac-seed<S> */
export function policyTrainingDirectory(
  env: string,
  seed = POLICY_TRAINING_SEED,
  processEnv = process.env,
): string {
  return join(dataDirectory(processEnv), "policy-training", trainingDirectoryName(env, seed));
}
