// The HDF5 attributes of a built dataset: what it is (env, recipe), how to rebuild it (seed, size,
// source policy and its checksum, project version) and the returns measured while collecting it,
// with their D4RL-normalized score.

import { d4rlNormalizedScore } from "../data/d4rlScores.js";
import type { Metadata } from "../data/dataset.js";
import { summaryStatistics } from "../data/episodes.js";
import { fileSha256 } from "../util/fileHash.js";
import type { BehaviorPolicyInfo } from "./behaviorPolicy.js";
import { type DatasetName, familyOf } from "./datasetNames.js";
import { projectVersion } from "./projectFiles.js";

export const RECIPE_DESCRIPTIONS: Record<DatasetName["kind"], string> = {
  random: "uniformly random actions",
  medium:
    "rollouts of the medium SAC policy (the first training snapshot whose sampled-action data scores about D4RL's medium), actions sampled",
  "medium-replay": "the replay buffer of the SAC run up to the step the medium policy was taken",
  expert:
    "rollouts of the expert SAC policy (the first later snapshot whose sampled-action data scores about D4RL's expert, else the run's highest-scoring one), actions sampled",
  "medium-expert": "the medium dataset followed by the expert dataset (same size and seed)",
  diverse:
    "AntMaze: an ant walking policy sent along shortest grid paths to goals in any free cell, from random free start cells; a new goal when one is reached",
  play: "AntMaze: an ant walking policy sent along shortest grid paths to D4RL's hand-picked goal cells, from random free start cells; a new goal when one is reached",
};

export interface ReturnStatistics {
  episodes: number;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** D4RL-normalized score of the mean return; null for envs without reference returns. */
  normalizedScore: number | null;
}

export function returnStatistics(
  env: DatasetName["env"],
  returns: readonly number[],
): ReturnStatistics | null {
  if (returns.length === 0) return null;
  const s = summaryStatistics(returns);
  const family = familyOf(env);
  return {
    episodes: s.count,
    mean: s.mean,
    std: s.std,
    min: s.min,
    max: s.max,
    normalizedScore: family ? d4rlNormalizedScore(family, s.mean) : null,
  };
}

export interface PolicySource {
  /** Where the policy file was read from. */
  path: string;
  info: BehaviorPolicyInfo;
}

/** Attributes describing one behavior policy, prefixed (e.g. "policy_" or "expert_policy_"). */
export function policyMetadata(prefix: string, source: PolicySource): Metadata {
  const { info } = source;
  const out: Metadata = {
    [`${prefix}file`]: source.path,
    [`${prefix}sha256`]: fileSha256(source.path),
    [`${prefix}agent`]: info.agent,
    [`${prefix}training_seed`]: info.trainingSeed,
    [`${prefix}training_step`]: info.trainingStep,
    [`${prefix}eval_return_mean`]: info.evalReturnMean,
    [`${prefix}eval_return_std`]: info.evalReturnStd,
    [`${prefix}selection_rule`]: info.selectionRule,
  };
  // The data score that selected it (policies chosen by the deterministic evaluation have none).
  const data = {
    data_return_mean: info.dataReturnMean,
    data_score: info.dataScore,
    data_episodes: info.dataEpisodes,
  };
  for (const [k, v] of Object.entries(data)) if (v !== undefined) out[`${prefix}${k}`] = v;
  return out;
}

export function returnsMetadata(prefix: string, stats: ReturnStatistics | null): Metadata {
  if (!stats) return { [`${prefix}episodes`]: 0 };
  const out: Metadata = {
    [`${prefix}episodes`]: stats.episodes,
    [`${prefix}return_mean`]: stats.mean,
    [`${prefix}return_std`]: stats.std,
    [`${prefix}return_min`]: stats.min,
    [`${prefix}return_max`]: stats.max,
  };
  if (stats.normalizedScore !== null) out[`${prefix}normalized_score`] = stats.normalizedScore;
  return out;
}

export function baseMetadata(name: DatasetName, rows: number, timeLimit: number, extra: Metadata): Metadata {
  return {
    env: name.env,
    dataset_name: name.name,
    recipe: name.kind,
    recipe_description: RECIPE_DESCRIPTIONS[name.kind],
    steps: rows,
    time_limit: timeLimit,
    actions: "in [-1, 1]^actDim (the agents' action space; the env's box rescaled)",
    terminals_and_timeouts:
      "terminals: the MDP ended; timeouts: the time limit cut an episode that had not ended; infos/qpos and infos/qvel: the state before the row's action",
    created_by: "atradiff dataset build",
    project_version: projectVersion(),
    ...extra,
  };
}
