// What the SAC runs that train behavior policies (policyTraining.ts for the locomotion envs,
// antmaze/walkerTraining.ts for the AntMaze walking policy) share besides their evaluation
// bookkeeping (runEvaluations.ts): the online-loop settings, their parsing, the loop's config and
// the agent.
import { z } from "zod";
import { makeAgent } from "../agents/makeAgent.js";
import type { SoftActorCritic } from "../agents/softActorCritic.js";
import type { Env } from "../envs/types.js";
import { parseSettings, type RunConfig, runConfigSchema } from "../experiments/job/runConfig.js";

const positiveInt = z.number().int().min(1);

/** The online-loop settings of a run, given its evaluation defaults (schema fields, in file order). */
export function sacLoopSettingsShape(defaults: { evalEvery: number; evalEpisodes: number }) {
  return {
    /** The run's seed (agent initialization, exploration, episode resets). */
    seed: z.number().int().min(0).default(0),
    /** The whole run, in env steps: its policy (the expert) is the best evaluation within it. */
    steps: positiveInt.default(1_000_000),
    evalEvery: positiveInt.default(defaults.evalEvery),
    evalEpisodes: positiveInt.default(defaults.evalEpisodes),
    checkpointEvery: positiveInt.default(10_000),
    randomStartSteps: z.number().int().min(0).default(5000),
    batchSize: positiveInt.default(256),
    logEvery: positiveInt.default(1000),
  };
}

/** SAC settings besides its preset (agents/sacFamilySettings.ts); the last field of a run's settings. */
export const agentSettingsField = () => z.record(z.unknown()).default({});

/** The settings every run has. */
export interface SacLoopSettings {
  seed: number;
  steps: number;
  evalEvery: number;
  evalEpisodes: number;
  checkpointEvery: number;
  randomStartSteps: number;
  batchSize: number;
  logEvery: number;
  agentSettings: Record<string, unknown>;
}

/** Parses a run's settings; `what` names them in the error ("behavior-policy training"). */
export function parseRunSettings<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
  what: string,
): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new Error(`The ${what} setting "${issue.path.join(".")}" is invalid: ${issue.message}.`);
}

/** The online loop's config for a run on `env` (`what` as in parseRunSettings). */
export function sacLoopConfig(
  env: string,
  s: SacLoopSettings,
  what: string,
  extra: { maxEpisodeSteps?: number } = {},
): RunConfig {
  return parseSettings(
    runConfigSchema,
    {
      agent: "sac",
      env,
      mode: "online",
      steps: s.steps,
      evalEvery: s.evalEvery,
      evalEpisodes: s.evalEpisodes,
      checkpointEvery: s.checkpointEvery,
      randomStartSteps: s.randomStartSteps,
      batchSize: s.batchSize,
      logEvery: s.logEvery,
      ...extra,
      agentSettings: s.agentSettings,
      seed: s.seed,
    },
    (key) => `the ${what} setting "${key}"`,
  );
}

/** The run's SAC agent, sized for `env`. */
export function sacAgentFor(env: Env, s: SacLoopSettings): SoftActorCritic {
  return makeAgent("sac", {
    obsDim: env.observationSpace.low.length,
    actDim: env.actionSpace.low.length,
    seed: s.seed,
    settings: s.agentSettings,
  }) as SoftActorCritic;
}
