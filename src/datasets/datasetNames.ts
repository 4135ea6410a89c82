// Dataset names of the recipes: "<env>-<kind>", e.g. hopper-medium-replay. The envs are D4RL's
// locomotion families (their reference returns define "medium" and score the datasets) plus
// pendulum, which only has a random recipe (no reference expert return to measure "medium" by),
// plus D4RL's AntMaze datasets "antmaze-<umaze|medium|large>-<diverse|play>" (antmaze/mazeTasks.ts).
import { D4RL_REFERENCE_RETURNS, type D4rlFamily } from "../data/d4rlScores.js";
import { ANTMAZE_VARIANTS, type AntMazeVariant } from "./antmaze/mazeTasks.js";

export const DATASET_KINDS = ["random", "medium", "medium-replay", "expert", "medium-expert"] as const;
export type DatasetKind = (typeof DATASET_KINDS)[number] | AntMazeVariant;

/** Envs with every recipe: the D4RL locomotion families. */
export const LOCOMOTION_ENVS = ["hopper", "halfcheetah", "walker2d", "ant"] as const;
/** Envs with only the random recipe (fast tests and demos). */
export const RANDOM_ONLY_ENVS = ["pendulum"] as const;

/** Envs whose datasets come from the goal-reaching collector, with the kinds "diverse" and "play". */
export const ANTMAZE_DATASET_ENVS = ["antmaze-umaze", "antmaze-medium", "antmaze-large"] as const;
export type AntMazeDatasetEnv = (typeof ANTMAZE_DATASET_ENVS)[number];

export type RecipeEnv =
  | (typeof LOCOMOTION_ENVS)[number]
  | (typeof RANDOM_ONLY_ENVS)[number]
  | AntMazeDatasetEnv;

export interface DatasetName {
  env: RecipeEnv;
  kind: DatasetKind;
  /** "<env>-<kind>" */
  name: string;
}

/** The valid names, for error messages (the locomotion list, then the AntMaze pattern). */
function validNames(): string {
  return `${LOCOMOTION_ENVS.join(", ")} with ${DATASET_KINDS.join(", ")}; or ${RANDOM_ONLY_ENVS.map((e) => `${e}-random`).join(", ")}. AntMaze datasets: antmaze-<umaze|medium|large>-<${ANTMAZE_VARIANTS.join("|")}>`;
}

export function isAntMazeDatasetEnv(env: string): env is AntMazeDatasetEnv {
  return (ANTMAZE_DATASET_ENVS as readonly string[]).includes(env);
}

/** "antmaze-<maze>-<variant>", split after the maze. */
function parseAntMazeName(name: string): DatasetName {
  const second = name.indexOf("-", "antmaze-".length);
  const env = second < 0 ? name : name.slice(0, second);
  const kind = second < 0 ? "" : name.slice(second + 1);
  if (!isAntMazeDatasetEnv(env))
    throw new Error(
      `Unknown maze "${env.slice("antmaze-".length)}" in the dataset name "${name}"; valid names: ${validNames()}.`,
    );
  if (!(ANTMAZE_VARIANTS as readonly string[]).includes(kind))
    throw new Error(
      `Unknown AntMaze dataset kind "${kind}" in the dataset name "${name}"; valid names: ${validNames()}.`,
    );
  return { env, kind: kind as AntMazeVariant, name };
}

/** Splits "<env>-<kind>"; an unknown env or kind fails with one sentence listing the valid names. */
export function parseDatasetName(name: string): DatasetName {
  if (name.startsWith("antmaze-")) return parseAntMazeName(name);
  const envs: readonly string[] = [...LOCOMOTION_ENVS, ...RANDOM_ONLY_ENVS];
  const dash = name.indexOf("-");
  const env = dash < 0 ? name : name.slice(0, dash);
  const kind = dash < 0 ? "" : name.slice(dash + 1);
  if (!envs.includes(env))
    throw new Error(
      `Unknown environment "${env}" in the dataset name "${name}"; valid names: ${validNames()}.`,
    );
  if (!(DATASET_KINDS as readonly string[]).includes(kind))
    throw new Error(
      `Unknown dataset kind "${kind}" in the dataset name "${name}"; valid names: ${validNames()}.`,
    );
  if ((RANDOM_ONLY_ENVS as readonly string[]).includes(env) && kind !== "random")
    throw new Error(
      `${env} has only a random dataset (no D4RL reference return defines its medium or expert policy); valid names: ${validNames()}.`,
    );
  return { env: env as RecipeEnv, kind: kind as DatasetKind, name };
}

/** The D4RL family of a locomotion env, whose reference returns score its datasets. */
export function familyOf(env: RecipeEnv): D4rlFamily | null {
  return env in D4RL_REFERENCE_RETURNS ? (env as D4rlFamily) : null;
}
