// Every setting of atradiff on one page (`atradiff settings`), grouped by section as SynthER's one
// config file is: each setting's default and its one-line doc, read from the schemas themselves.
import type { z } from "zod";
import {
  bcSettingsSchema,
  iqlSettingsSchema,
  sacFamilySettingsSchema,
  td3bcSettingsSchema,
} from "./agents.js";
import { adaptationSettingsSchema, augmentedBufferSettingsSchema } from "./augmentation.js";
import { s4rlSettingsSchema, syntherSettingsSchema } from "./baselines.js";
import { policyTrainingSettingsSchema, walkerTrainingSettingsSchema } from "./datasets.js";
import {
  denoiserSettingsSchema,
  diffusionTrainingSettingsSchema,
  edmSettingsSchema,
  temporalDenoiserSettingsSchema,
  windowDenoiserSettingsSchema,
} from "./diffusion.js";
import { augmentSettingsSchema, preprocessingSchema, runSettingsSchema } from "./experiments.js";
import {
  generatorSettingsSchema,
  lengthEstimatorSettingsSchema,
  plausibilityGateSettingsSchema,
  prunerSettingsSchema,
  quickScaleSchema,
} from "./generator.js";
import { innerSchema, type SettingField, settingFields } from "./schemaFields.js";

export interface SettingsSection {
  /** The name `atradiff settings <name>` filters by. */
  name: string;
  /** Where these settings are given. */
  title: string;
  schema: z.ZodTypeAny;
}

/** Every section, in the order of the page: a run, its augmentation, the generator, the agents, the datasets. */
export const SETTINGS_SECTIONS: readonly SettingsSection[] = [
  {
    name: "run",
    title: "a training run: atradiff train flags, runs/<x>/config.json",
    schema: runSettingsSchema,
  },
  {
    name: "preprocessing",
    title: "a run's \"preprocessing\" (default: the agent's reference choice)",
    schema: preprocessingSchema,
  },
  { name: "augment", title: "a run's --augment-settings", schema: augmentSettingsSchema },
  {
    name: "buffer",
    title: 'ATraDiff\'s augmented replay buffer (§4.2): --augment-settings "atradiff"',
    schema: augmentedBufferSettingsSchema,
  },
  {
    name: "adaptation",
    title: 'online adaptation (§4.3): --augment-settings "adaptation"',
    schema: adaptationSettingsSchema,
  },
  {
    name: "generator",
    title: "the ATraDiff generator (§4.1): atradiff diffuser train --settings",
    schema: generatorSettingsSchema,
  },
  {
    name: "quick-scale",
    title:
      "atradiff diffuser train --scale quick (the default; --scale paper is the generator's own defaults)",
    schema: quickScaleSchema,
  },
  {
    name: "estimator",
    title: 'the generator\'s length estimator: "estimator"',
    schema: lengthEstimatorSettingsSchema,
  },
  { name: "pruner", title: 'the generator\'s pruner: "pruner"', schema: prunerSettingsSchema },
  {
    name: "gate",
    title: 'the generator\'s plausibility gate: "plausibilityGate"',
    schema: plausibilityGateSettingsSchema,
  },
  {
    name: "window-denoiser",
    title: 'the generator\'s denoiser: "diffusion.denoiser"',
    schema: windowDenoiserSettingsSchema,
  },
  {
    name: "denoiser",
    title: 'SynthER\'s denoiser: "diffusion.denoiser" of SynthER',
    schema: denoiserSettingsSchema,
  },
  {
    name: "temporal-denoiser",
    title: 'the weight-sharing denoiser: "denoiser.temporal"',
    schema: temporalDenoiserSettingsSchema,
  },
  { name: "edm", title: 'the EDM noise process and sampler: "diffusion.edm"', schema: edmSettingsSchema },
  {
    name: "diffusion-training",
    title: 'diffusion training: "diffusion.training"',
    schema: diffusionTrainingSettingsSchema,
  },
  {
    name: "synther",
    title: 'the SynthER baseline: --augment-settings "synther.model"',
    schema: syntherSettingsSchema,
  },
  { name: "s4rl", title: 'the S4RL baseline: --augment-settings "s4rl"', schema: s4rlSettingsSchema },
  {
    name: "sac",
    title: "SAC, REDQ, RLPD: --agent-settings (REDQ and RLPD start from their presets)",
    schema: sacFamilySettingsSchema,
  },
  { name: "td3bc", title: "TD3+BC: --agent-settings", schema: td3bcSettingsSchema },
  { name: "iql", title: "IQL: --agent-settings", schema: iqlSettingsSchema },
  { name: "bc", title: "behavior cloning: --agent-settings", schema: bcSettingsSchema },
  {
    name: "policy-training",
    title: "behavior-policy training: atradiff dataset train-policy",
    schema: policyTrainingSettingsSchema,
  },
  {
    name: "walker-training",
    title: "AntMaze walking-policy training: atradiff dataset train-walker",
    schema: walkerTrainingSettingsSchema,
  },
];

export interface DescribedSection {
  name: string;
  title: string;
  settings: SettingField[];
}

/** The object schema inside each section's (possibly refined) schema, to point nested fields at it. */
function sectionIndex(): Map<z.ZodTypeAny, string> {
  const index = new Map<z.ZodTypeAny, string>();
  for (const s of SETTINGS_SECTIONS) index.set(innerSchema(s.schema), s.name);
  return index;
}

/** The sections (all, or those whose name is given) with every setting's default and doc. */
export function describeSettings(names?: readonly string[]): DescribedSection[] {
  const known = SETTINGS_SECTIONS.map((s) => s.name);
  const unknown = (names ?? []).filter((n) => !known.includes(n));
  if (unknown.length > 0)
    throw new Error(
      `Unknown settings section${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => `"${n}"`).join(", ")}; valid sections: ${known.join(", ")}.`,
    );
  const index = sectionIndex();
  return SETTINGS_SECTIONS.filter(
    (s) => names === undefined || names.length === 0 || names.includes(s.name),
  ).map((s) => {
    // A section's own schema is listed field by field, not as a pointer to itself.
    const others = new Map([...index].filter(([, name]) => name !== s.name));
    return { name: s.name, title: s.title, settings: settingFields(s.schema, others) };
  });
}

/** The page as text: per section a heading, then one line per setting (name, default, doc). */
export function settingsPage(sections: readonly DescribedSection[]): string {
  const rows = sections.flatMap((s) => s.settings);
  const nameWidth = Math.max(...rows.map((r) => r.path.length));
  const defaultWidth = Math.min(24, Math.max(...rows.map((r) => r.default.length)));
  const lines: string[] = [];
  for (const s of sections) {
    lines.push(`[${s.name}]  ${s.title}`);
    for (const r of s.settings) {
      const doc = r.seeSection === undefined ? r.doc : `${r.doc}${r.doc ? " " : ""}(see [${r.seeSection}])`;
      lines.push(`  ${r.path.padEnd(nameWidth)}  ${r.default.padEnd(defaultWidth)}  ${doc}`.trimEnd());
    }
    lines.push("");
  }
  return lines.join("\n");
}
