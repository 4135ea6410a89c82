// The settings of one training run (one seed) and of a multi-seed training job: their schemas (in
// settings/experiments.ts), a run's settings from a job's, and the warning about a run too short to
// learn. A run stores its settings as config.json so that `atradiff resume` continues with exactly
// the same ones.
import type { RunConfig, RunSettings, TrainConfig } from "../../settings/experiments.js";

export {
  AGENT_NAMES,
  type AgentName,
  DATASET_AGENTS,
  MODES,
  type RunConfig,
  type RunMode,
  type RunSettings,
  runConfigSchema,
  runSettingsSchema,
  type TrainConfig,
  trainConfigSchema,
} from "../../settings/experiments.js";

/**
 * A warning when an online run ends within its random start: it would make no update and report a
 * random policy as the agent's (a short random-data run is legitimate, so this warns, not refuses).
 */
export function randomStartWarning(
  c: Pick<RunSettings, "mode" | "steps" | "randomStartSteps">,
  nameOf: (key: string) => string = (key) => `--${key.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`)}`,
): string | null {
  if (c.mode === "offline" || c.steps > c.randomStartSteps) return null;
  const steps = nameOf("steps");
  const randomStart = nameOf("randomStartSteps");
  return `${steps} ${c.steps} ends within the ${c.randomStartSteps} random start steps, so the agent makes no update; raise ${steps} or lower ${randomStart}.`;
}

/** The settings of one seed of a training job. */
export function seedConfig(train: TrainConfig, seed: number): RunConfig {
  const { seeds: _seeds, ...settings } = train;
  return { ...settings, seed };
}

export { parseSettings, type SettingNamer } from "../../settings/parseSettings.js";
