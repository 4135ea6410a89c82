// Environments by id. Each env module registers itself (importing ./index.js registers them all);
// `makeEnv` builds one with its env-specific options (declared by the env, see envOptions.ts) and
// wraps it in the time limit. Unknown ids fail with the list of known ones, unknown or bad options
// with the env's name and the option.
import { type EnvOptionSpecs, type EnvOptionValue, resolveEnvOptions } from "./envOptions.js";
import type { EnvOptionsById } from "./envOptionsById.js";
import type { Env } from "./types.js";
import { TimeLimit } from "./wrappers/timeLimit.js";

export interface EnvMakeOptions {
  /** Episode step limit; default the env's standard one (EnvSpec.maxEpisodeSteps). */
  maxEpisodeSteps?: number;
  /** Env-specific options, as the env's spec declares them (EnvSpec.options); others are refused. */
  [option: string]: EnvOptionValue | undefined;
}

/** The options makeEnv takes for env `I`: typed for the registered ids, checked at run time for all. */
export type MakeOptionsFor<I extends string> = I extends keyof EnvOptionsById
  ? EnvOptionsById[I] & { maxEpisodeSteps?: number }
  : EnvMakeOptions;

// biome-ignore lint/suspicious/noExplicitAny: an env without options declares none.
export interface EnvSpec<T = any> {
  id: string;
  description: string;
  /** The standard episode length: `makeEnv` truncates episodes there unless told otherwise. */
  maxEpisodeSteps: number;
  /** The env-specific options `make` takes (Gymnasium's v4 constructor kwargs), with defaults; none if absent. */
  options?: EnvOptionSpecs<T>;
  /**
   * Builds the bare env, without a time limit (`makeEnv` adds it), from checked options with the
   * defaults filled in. MuJoCo envs load their wasm module first, hence async.
   */
  make(opts: Required<T>): Promise<Env>;
}

const specs = new Map<string, EnvSpec>();

export function registerEnv<T>(spec: EnvSpec<T>): void {
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

/**
 * Builds env `id` with its env-specific options (defaults for those not given) and its time limit
 * (the standard one, or opts.maxEpisodeSteps).
 */
export async function makeEnv<I extends string>(
  id: I,
  opts: MakeOptionsFor<I> = {} as MakeOptionsFor<I>,
): Promise<Env> {
  const spec = envSpec(id);
  const given = opts as EnvMakeOptions;
  const limit = given.maxEpisodeSteps ?? spec.maxEpisodeSteps;
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error(`${id}: maxEpisodeSteps must be a positive integer, got ${String(limit)}.`);
  const options = resolveEnvOptions(id, spec.options ?? {}, given, ["maxEpisodeSteps"]);
  return new TimeLimit(await spec.make(options), limit);
}

/** Builds env `id` without a time limit, with its default options. */
export function makeBareEnv(id: string): Promise<Env> {
  const spec = envSpec(id);
  return spec.make(resolveEnvOptions(id, spec.options ?? {}));
}
