// Environments by id. Each env module registers itself (importing ./index.js registers them all);
// `makeEnv` builds one and wraps it in the time limit. Unknown ids fail with the list of known ones.
import type { Env } from "./types.js";
import { TimeLimit } from "./wrappers/timeLimit.js";

export interface EnvMakeOptions {
  /** Episode step limit; default the env's standard one (EnvSpec.maxEpisodeSteps). */
  maxEpisodeSteps?: number;
}

export interface EnvSpec {
  id: string;
  description: string;
  /** The standard episode length: `makeEnv` truncates episodes there unless told otherwise. */
  maxEpisodeSteps: number;
  /**
   * Builds the bare env, without a time limit (`makeEnv` adds it). MuJoCo envs load their wasm
   * module first, hence async.
   */
  make(opts: EnvMakeOptions): Promise<Env>;
}

const specs = new Map<string, EnvSpec>();

export function registerEnv(spec: EnvSpec): void {
  if (specs.has(spec.id)) throw new Error(`The environment id "${spec.id}" is registered twice.`);
  specs.set(spec.id, spec);
}

export function envSpec(id: string): EnvSpec {
  const spec = specs.get(id);
  if (!spec)
    throw new Error(`Unknown environment "${id}"; known environments: ${[...specs.keys()].join(", ")}.`);
  return spec;
}

export function listEnvs(): EnvSpec[] {
  return [...specs.values()];
}

/** Builds env `id` with its time limit (the standard one, or opts.maxEpisodeSteps). */
export async function makeEnv(id: string, opts: EnvMakeOptions = {}): Promise<Env> {
  const spec = envSpec(id);
  const limit = opts.maxEpisodeSteps ?? spec.maxEpisodeSteps;
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`${id}: maxEpisodeSteps must be a positive integer, got ${String(limit)}.`);
  return new TimeLimit(await spec.make(opts), limit);
}
