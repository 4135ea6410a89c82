// Every setting of the ATraDiff generator (ATraDiff §4.1, reference/method.md §2-3), as one zod
// schema. The diffusion part defaults to SynthER's denoiser and training (hyperparameters.md); the
// numbers the paper leaves open (estimator network, pruning threshold, terminal handling) are
// settings here with the defaults documented next to them.
import type { z } from "zod";
import { parseAgentSettings } from "../../agents/parseAgentSettings.js";
import {
  generatorSettingsSchema,
  lengthEstimatorSettingsSchema,
  MAX_WINDOW_LENGTH,
  plausibilityGateSettingsSchema,
  prunerSettingsSchema,
  taskPromptSettingsSchema,
} from "../../settings/generator.js";

export {
  generatorSettingsSchema,
  lengthEstimatorSettingsSchema,
  MAX_WINDOW_LENGTH,
  plausibilityGateSettingsSchema,
  prunerSettingsSchema,
  taskPromptSettingsSchema,
};

export type LengthEstimatorSettings = z.output<typeof lengthEstimatorSettingsSchema>;
export type PrunerSettings = z.output<typeof prunerSettingsSchema>;
export type PlausibilityGateSettings = z.output<typeof plausibilityGateSettingsSchema>;
export type TaskPromptSettings = z.output<typeof taskPromptSettingsSchema>;
export type GeneratorSettings = z.output<typeof generatorSettingsSchema>;
export type GeneratorSettingsInput = z.input<typeof generatorSettingsSchema>;

/** Validates generator settings; a bad one fails with one sentence naming it. */
export function parseGeneratorSettings(input: unknown): GeneratorSettings {
  const settings = parseAgentSettings("ATraDiff generator", generatorSettingsSchema, input);
  if (settings.nextStates !== "diffused" && !settings.plausibilityGate.enabled) {
    // The gate off without a word on next states is the paper's generator: states as diffused.
    const given = typeof input === "object" && input !== null && "nextStates" in input;
    if (!given) return { ...settings, nextStates: "diffused" };
    throw new Error(
      `Invalid ATraDiff generator settings: nextStates "${settings.nextStates}" re-draws states with the plausibility gate's one-step models, so plausibilityGate.enabled must be true (or set nextStates to "diffused").`,
    );
  }
  return settings;
}
