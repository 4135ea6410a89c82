// How `atradiff train` turns its flags into a job config (runs/<name>/config.json): a --config
// file's settings overridden by the flags given, the mode chosen from the agent and the dataset,
// every setting validated (one sentence naming the flag), the dataset and generator paths made
// absolute, and the env, dataset, replay buffer and agent built once so that bad settings fail
// before any directory is created.

import { existsSync, readFileSync } from "node:fs";
import { numberText } from "../../util/numberText.js";
import { AGENT_NAMES, DATASET_AGENTS, type TrainConfig } from "../job/runConfig.js";
import { trainingJobSettings } from "../job/trainingJobSettings.js";

export interface TrainJobOptions {
  agent?: string;
  env?: string;
  dataset?: string;
  mode?: string;
  steps?: string;
  seeds?: string;
  force?: boolean;
  config?: string;
  evalEvery?: string;
  evalEpisodes?: string;
  checkpointEvery?: string;
  randomStartSteps?: string;
  batchSize?: string;
  logEvery?: string;
  bufferCapacity?: string;
  maxEpisodeSteps?: string;
  agentSettings?: string;
  augment?: string;
  adapt?: string;
  generator?: string;
  label?: string;
  rho?: string;
  expectedLength?: string;
  adaptEvery?: string;
  augmentSettings?: string;
}

/** Flags that set one nested augmentation setting (augmentConfig.ts). */
const AUGMENT_FLAGS: Record<string, { option: "rho" | "expectedLength" | "adaptEvery"; path: string[] }> = {
  "--rho": { option: "rho", path: ["atradiff", "rho"] },
  "--expected-length": { option: "expectedLength", path: ["atradiff", "expectedLength"] },
  "--adapt-every": { option: "adaptEvery", path: ["adaptation", "every"] },
};

/** Options that hold an integer setting of the same (camelCase) name. */
const INTEGER_OPTIONS = [
  "steps",
  "evalEvery",
  "evalEpisodes",
  "checkpointEvery",
  "randomStartSteps",
  "batchSize",
  "logEvery",
  "bufferCapacity",
  "maxEpisodeSteps",
] as const;

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Names a config key as the user typed it: "evalEvery" -> "--eval-every". */
export function flagName(key: string): string {
  for (const [flag, { path }] of Object.entries(AUGMENT_FLAGS))
    if (key === ["augmentSettings", ...path].join(".")) return flag;
  const [top, ...rest] = key.split(".");
  const flag = `--${kebab(top)}`;
  if (top === "seeds" || rest.length === 0) return flag;
  return `"${rest.join(".")}" in ${flag}`;
}

/** A number when the text is one (so that "1.5" is reported as 1.5), else the text itself. */
function numberOrText(text: string): number | string {
  return numberText(text) ?? text;
}

function parseJsonOption(flag: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${flag} must be a JSON object, e.g. '{"gamma": 0.98}', got ${JSON.stringify(text)}.`);
  }
}

function readConfigFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new Error(`The config file ${path} does not exist.`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`The config file ${path} is not valid JSON (${(err as Error).message}).`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    throw new Error(`The config file ${path} must hold one JSON object of settings.`);
  return raw as Record<string, unknown>;
}

/** The raw job settings: a --config file's, overridden by the flags given. */
function rawSettings(opts: TrainJobOptions): Record<string, unknown> {
  const raw: Record<string, unknown> = opts.config ? readConfigFile(opts.config) : {};
  if (opts.agent !== undefined) raw.agent = opts.agent;
  if (opts.env !== undefined) raw.env = opts.env;
  if (opts.dataset !== undefined) raw.dataset = opts.dataset;
  if (opts.mode !== undefined) raw.mode = opts.mode;
  for (const key of INTEGER_OPTIONS) if (opts[key] !== undefined) raw[key] = numberOrText(opts[key]!);
  if (opts.seeds !== undefined) raw.seeds = opts.seeds.split(",").map(numberOrText);
  if (raw.seeds === undefined) raw.seeds = [0];
  if (opts.agentSettings !== undefined)
    raw.agentSettings = parseJsonOption("--agent-settings", opts.agentSettings);
  if (opts.augment !== undefined) raw.augment = opts.augment;
  if (opts.adapt !== undefined) raw.adapt = opts.adapt;
  if (opts.generator !== undefined) raw.generator = opts.generator;
  if (opts.label !== undefined) raw.label = opts.label;
  if (opts.augmentSettings !== undefined)
    raw.augmentSettings = parseJsonOption("--augment-settings", opts.augmentSettings);
  for (const { option, path } of Object.values(AUGMENT_FLAGS)) {
    const text = opts[option];
    if (text === undefined) continue;
    if (raw.augmentSettings === null || typeof raw.augmentSettings !== "object") raw.augmentSettings = {};
    let at = raw.augmentSettings as Record<string, unknown>;
    if (at[path[0]] === null || typeof at[path[0]] !== "object") at[path[0]] = {};
    at = at[path[0]] as Record<string, unknown>;
    at[path[1]] = numberOrText(text);
  }
  return raw;
}

/** Validates everything the job needs before any directory is created. */
export async function jobConfig(opts: TrainJobOptions): Promise<TrainConfig> {
  const raw = rawSettings(opts);
  // Checked first so that an unknown agent is reported as such, not as a consequence of the mode.
  if (typeof raw.agent === "string" && !(AGENT_NAMES as readonly string[]).includes(raw.agent))
    throw new Error(`Unknown agent "${raw.agent}"; known agents: ${AGENT_NAMES.join(", ")}.`);
  if (DATASET_AGENTS.includes(raw.agent as never) && raw.dataset === undefined)
    throw new Error(`The agent ${raw.agent} learns from a dataset; give one with --dataset <file>.`);
  return trainingJobSettings(raw, flagName);
}
