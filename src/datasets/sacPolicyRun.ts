// What the SAC runs that train behavior policies (policyTraining.ts for the locomotion envs,
// antmaze/walkerTraining.ts for the AntMaze walking policy) share besides their evaluation
// bookkeeping (runEvaluations.ts): the online-loop settings, their parsing, the loop's config and
// the agent.
import type { z } from "zod";
import { makeAgent } from "../agents/makeAgent.js";
import type { SoftActorCritic } from "../agents/softActorCritic.js";
import type { Env } from "../envs/types.js";
import { type RunConfig, runConfigSchema } from "../settings/experiments.js";
import { parseSettings } from "../settings/parseSettings.js";

export { agentSettingsField, sacLoopSettingsShape } from "../settings/datasets.js";

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
  return parseSettings(schema, input, (key) => `the ${what} setting "${key}"`);
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
