// Environments by id. Each env module registers itself; `makeEnv` builds one, applying the
// time limit. Unknown ids fail with the list of known ones.
import type { Env } from "./types.js";

export interface EnvMakeOptions {
  /** Episode step limit; default the env's standard one. */
  maxEpisodeSteps?: number;
}

export interface EnvSpec {
  id: string;
  description: string;
  /** Builds the env (MuJoCo envs load their wasm module first, hence async). */
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

export function makeEnv(id: string, opts: EnvMakeOptions = {}): Promise<Env> {
  return envSpec(id).make(opts);
}
