// A plan run's settings made into the job config `atradiff train` would write for the same flags:
// validated, the env's agent presets under the run's agent settings, the agent's default
// preprocessing, and absolute file paths (so that `atradiff resume` works from any directory).
import { resolve } from "node:path";
import { envSpec } from "../envs/index.js";
import { envAgentSettings } from "../experiments/job/agentPresets.js";
import { checkSettingsApply } from "../experiments/job/inapplicableSettings.js";
import { defaultPreprocessing } from "../experiments/job/preprocessing.js";
import { parseSettings, type TrainConfig, trainConfigSchema } from "../experiments/job/runConfig.js";
import type { RunSpec } from "./pipelinePlan.js";

export function planRunConfig(run: RunSpec): TrainConfig {
  const name = (key: string) => `"${key}" of the run ${run.name}`;
  const parsed = parseSettings(trainConfigSchema, run.settings, name);
  checkSettingsApply(run.settings, parsed, name);
  envSpec(parsed.env); // throws "Unknown environment ...; known environments: ..."
  const config: TrainConfig = {
    ...parsed,
    agentSettings: { ...envAgentSettings(parsed.agent, parsed.env), ...parsed.agentSettings },
    preprocessing: parsed.preprocessing ?? defaultPreprocessing(parsed.agent, parsed.env),
  };
  if (config.dataset !== undefined) config.dataset = resolve(config.dataset);
  if (config.generator !== undefined) config.generator = resolve(config.generator);
  const pretrained = config.augmentSettings.synther.pretrained;
  if (pretrained !== null) config.augmentSettings.synther.pretrained = resolve(pretrained);
  return config;
}

/** JSON with object keys sorted: equal for equal settings whatever order their keys were written in. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}
