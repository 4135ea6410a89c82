// Data preprocessing that the reference implementations do outside their agents
// (reference/hyperparameters.md): TD3+BC normalizes states by the dataset's mean and std + 1e-3;
// IQL scales locomotion rewards by 1000 / (max - min episode return of the dataset); IQL and RLPD
// shift AntMaze rewards by -1. The agent then only ever sees preprocessed observations and rewards;
// episode returns and evaluation scores are always measured on the env's own rewards.
import { d4rlFamilyOf } from "../../data/d4rlScores.js";
import type { Dataset } from "../../data/dataset.js";
import { episodeReturns } from "../../data/episodes.js";
import type { AgentName, Preprocessing } from "../../settings/experiments.js";

export { type Preprocessing, preprocessingSchema } from "../../settings/experiments.js";

const LOCOMOTION = new Set(["hopper", "halfcheetah", "walker2d", "ant"]);

/** The reference implementations' choice for this agent on this env. */
export function defaultPreprocessing(agent: AgentName, envId: string): Preprocessing {
  const family = d4rlFamilyOf(envId);
  const antmaze = family === "antmaze";
  return {
    normalizeObservations: agent === "td3bc",
    rewardScale: agent === "iql" && family !== null && LOCOMOTION.has(family) ? "returnRange" : "none",
    rewardShift: antmaze && (agent === "iql" || agent === "rlpd") ? -1 : 0,
  };
}

/** Normalization statistics: per-dimension mean and std + epsilon. */
export interface ObservationStatistics {
  mean: Float64Array;
  scale: Float64Array;
}

const NORMALIZATION_EPSILON = 1e-3;

export function observationStatistics(dataset: Dataset): ObservationStatistics {
  const { size, obsDim, observations } = dataset;
  const mean = new Float64Array(obsDim);
  const scale = new Float64Array(obsDim);
  for (let i = 0; i < size; i++) for (let j = 0; j < obsDim; j++) mean[j] += observations[i * obsDim + j];
  for (let j = 0; j < obsDim; j++) mean[j] /= size;
  for (let i = 0; i < size; i++)
    for (let j = 0; j < obsDim; j++) scale[j] += (observations[i * obsDim + j] - mean[j]) ** 2;
  for (let j = 0; j < obsDim; j++) scale[j] = Math.sqrt(scale[j] / size) + NORMALIZATION_EPSILON;
  return { mean, scale };
}

export function normalizeRows(rows: Float32Array, stats: ObservationStatistics): Float32Array {
  const dim = stats.mean.length;
  const out = new Float32Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = (rows[k] - stats.mean[k % dim]) / stats.scale[k % dim];
  return out;
}

/** The reward map r -> r * scale + shift for this dataset. */
export function rewardTransform(p: Preprocessing, dataset: Dataset | null): { scale: number; shift: number } {
  let scale = 1;
  if (p.rewardScale === "returnRange") {
    if (!dataset) throw new Error("Reward scaling by the dataset's return range needs a dataset.");
    const returns = episodeReturns(dataset);
    let lo = Infinity;
    let hi = -Infinity;
    for (const r of returns) {
      lo = Math.min(lo, r);
      hi = Math.max(hi, r);
    }
    if (!(hi > lo))
      throw new Error(
        `Reward scaling by the return range needs episodes with different returns; every episode of the dataset returns ${hi}.`,
      );
    scale = 1000 / (hi - lo);
  }
  return { scale, shift: p.rewardShift };
}
