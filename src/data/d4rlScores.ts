// D4RL-normalized score: 100 * (return - REF_MIN) / (REF_MAX - REF_MIN), where REF_MIN is the
// return of a random policy and REF_MAX that of an expert (D4RL, Fu et al. 2020).
//
// Source: d4rl/infos.py (REF_MIN_SCORE / REF_MAX_SCORE), which lists the numbers per dataset; they
// are the same for every dataset of a family (e.g. hopper-random/medium/expert-v2), as copied into
// /work/shared/reference/hyperparameters.md ("D4RL normalized score").
import type { Metadata } from "./dataset.js";

export type D4rlFamily = "hopper" | "halfcheetah" | "walker2d" | "ant" | "antmaze" | "kitchen";

export const D4RL_REFERENCE_RETURNS: Readonly<Record<D4rlFamily, { min: number; max: number }>> = {
  hopper: { min: -20.272305, max: 3234.3 },
  halfcheetah: { min: -280.178953, max: 12135.0 },
  walker2d: { min: 1.629008, max: 4592.3 },
  ant: { min: -325.6, max: 3879.7 },
  antmaze: { min: 0.0, max: 1.0 },
  kitchen: { min: 0.0, max: 4.0 },
};

export function d4rlNormalizedScore(family: D4rlFamily, episodeReturn: number): number {
  const { min, max } = D4RL_REFERENCE_RETURNS[family];
  return (100 * (episodeReturn - min)) / (max - min);
}

/**
 * The family an env or dataset name belongs to, or null: "hopper-medium-v2", "Hopper-v4",
 * "mujoco/halfcheetah/expert-v0", "HalfCheetah-v5", "half_cheetah", "antmaze-umaze-v2" all work.
 */
export function d4rlFamilyOf(name: string): D4rlFamily | null {
  const tokens = name
    .toLowerCase()
    .replace(/[_\s]/g, "")
    .split(/[^a-z0-9]+/);
  const families = Object.keys(D4RL_REFERENCE_RETURNS) as D4rlFamily[];
  for (const token of tokens) {
    const hit = families.find((f) => token === f);
    if (hit) return hit;
  }
  return null;
}

/** Metadata keys that may name the env, in the order they are tried. */
const ENV_KEYS = ["env", "env_name", "env_id", "dataset_id", "dataset_name", "name"];

/** The env family named by a dataset's metadata (D4RL attributes, or Minari's env_spec JSON). */
export function d4rlFamilyFromMetadata(metadata: Metadata): D4rlFamily | null {
  for (const key of ENV_KEYS) {
    const v = metadata[key];
    if (typeof v === "string") {
      const family = d4rlFamilyOf(v);
      if (family) return family;
    }
  }
  const spec = metadata.env_spec;
  if (typeof spec === "string") {
    try {
      const id = (JSON.parse(spec) as { id?: unknown }).id;
      if (typeof id === "string") return d4rlFamilyOf(id);
    } catch {
      // Not JSON: not an env spec we can read.
    }
  }
  return null;
}
