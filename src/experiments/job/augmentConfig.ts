// The augmentation settings of a run (`atradiff train --augment ... --adapt ...`): which data
// augmentation feeds the agent's batches and its settings, with defaults from the paper and
// reference/hyperparameters.md.
// - atradiff (ATraDiff §4.2, Algorithm 1): the replay buffer becomes the augmented buffer around
//   the real one; offline, the dataset is upsampled with generated trajectories instead.
// - adapt (ATraDiff §4.3): online fine-tuning of the generator by an importance indicator.
// - synther (Lu et al. 2023): online, retrained on the replay buffer every retrainEvery env steps,
//   batches half real, half synthetic; offline, the dataset upsampled to upsampleTo rows.
// - s4rl (Sinha et al. 2021): Gaussian noise on the states of every sampled batch.
import { z } from "zod";
import { MAX_SAMPLER_STEPS, positiveInt } from "../../agents/settingTypes.js";
import { adaptationSettingsSchema } from "../../atradiff/adaptation/adaptationSettings.js";
import { augmentedBufferSettingsSchema } from "../../atradiff/augmented/augmentedBufferSettings.js";
import { s4rlSettingsSchema } from "../../baselines/s4rl/s4rlSettings.js";
import { syntherSettingsSchema } from "../../baselines/synther/syntherSettings.js";

export const AUGMENTS = ["none", "atradiff", "synther", "s4rl"] as const;
export type AugmentName = (typeof AUGMENTS)[number];
export const ADAPTS = ["none", "td", "reward"] as const;
export type AdaptName = (typeof ADAPTS)[number];

const settingsObject = (what: string) =>
  z.record(z.unknown(), { invalid_type_error: `an object of ${what} settings` }).default({});

export const syntherRunSettingsSchema = z
  .object({
    /**
     * SynthER's own settings (baselines/synther/syntherSettings.ts), over the defaults of the mode:
     * online the online denoiser (dim_t 256, width 1024, 6 blocks, 100k steps, batch 256), offline
     * SynthER's offline defaults.
     */
    model: settingsObject("SynthER"),
    /** Online: env steps between two retrainings on the whole replay buffer (SynthER: 10k). */
    retrainEvery: positiveInt().default(10_000),
    /** Online: synthetic transitions generated after each retraining (SynthER: 200k-1M). */
    syntheticSize: positiveInt().default(1_000_000),
    /** Transitions per sampler call when generating. */
    generationBatch: positiveInt().default(10_000),
    /**
     * Online: a SynthER model file (safetensors, SyntherModel.save) pre-trained on the offline data;
     * its samples fill the synthetic buffer until the first retraining. Offline: used instead of
     * training a model on the dataset.
     */
    pretrained: z
      .string({ invalid_type_error: "a file path" })
      .min(1, "a file path")
      .nullable()
      .default(null),
  })
  .strict();

export const generationRunSettingsSchema = z
  .object({
    /** Sampler steps per generated window; null: the generator's own setting. */
    samplerSteps: positiveInt(MAX_SAMPLER_STEPS).nullable().default(null),
    /** Engine threads of the generator's worker thread. */
    workerThreads: positiveInt().default(1),
    /** Task id given to the generator's prompt. */
    task: z.number({ invalid_type_error: "must be an integer" }).int("must be an integer").min(0).default(0),
  })
  .strict();

export const augmentSettingsSchema = z
  .object({
    /** ATraDiff's buffer: rho (0.5), expectedLength (null = measured), queue and capacity (§4.2). */
    atradiff: augmentedBufferSettingsSchema.default({}),
    generation: generationRunSettingsSchema.default({}),
    /** Online adaptation settings (atradiff/adaptation/adaptationSettings.ts); --adapt sets the indicator. */
    adaptation: settingsObject("online adaptation"),
    synther: syntherRunSettingsSchema.default({}),
    s4rl: s4rlSettingsSchema.default({}),
    /** Offline mode (atradiff, synther): rows of the upsampled dataset, real ones included (5M). */
    upsampleTo: positiveInt().default(5_000_000),
  })
  .strict();

export type AugmentSettings = z.output<typeof augmentSettingsSchema>;

/** The augmentation keys of a run's settings (merged into runSettingsSchema). */
export const augmentationFields = {
  augment: z
    .enum(AUGMENTS, { errorMap: () => ({ message: `one of ${AUGMENTS.join(", ")}` }) })
    .default("none"),
  adapt: z.enum(ADAPTS, { errorMap: () => ({ message: `one of ${ADAPTS.join(", ")}` }) }).default("none"),
  /** A directory written by `atradiff diffuser train` (--augment atradiff). */
  generator: z.string({ invalid_type_error: "a directory path" }).min(1, "a directory path").optional(),
  augmentSettings: augmentSettingsSchema.default({}),
};

interface AugmentationInput {
  mode: "online" | "offline" | "offline-to-online";
  augment: AugmentName;
  adapt: AdaptName;
  generator?: string;
  augmentSettings: AugmentSettings;
}

/** The combinations that make no sense, and the settings objects checked against their schemas. */
export function checkAugmentation(c: AugmentationInput, ctx: z.RefinementCtx): void {
  if (c.adapt !== "none" && c.augment !== "atradiff")
    ctx.addIssue({
      code: "custom",
      path: ["adapt"],
      message: "none unless --augment is atradiff (online adaptation fine-tunes ATraDiff's generator)",
    });
  else if (c.adapt !== "none" && c.mode === "offline")
    ctx.addIssue({
      code: "custom",
      path: ["adapt"],
      message: "none in the offline mode (adaptation fine-tunes on the agent's own online transitions)",
    });
  if (c.augment === "atradiff" && c.generator === undefined)
    ctx.addIssue({
      code: "custom",
      path: ["generator"],
      message:
        "a generator directory written by `atradiff diffuser train` (--augment atradiff generates with it)",
    });
  if (c.augment !== "atradiff" && c.generator !== undefined)
    ctx.addIssue({
      code: "custom",
      path: ["generator"],
      message: "left out unless --augment is atradiff",
    });
  const adaptation = c.augmentSettings.adaptation;
  if ("indicator" in adaptation)
    ctx.addIssue({
      code: "custom",
      path: ["augmentSettings", "adaptation", "indicator"],
      message: "left out: --adapt decides it",
    });
  else forwardIssues(adaptationSettingsSchema, adaptationInput(c), ["augmentSettings", "adaptation"], ctx);
  forwardIssues(syntherSettingsSchema, syntherModelInput(c), ["augmentSettings", "synther", "model"], ctx);
}

function forwardIssues(schema: z.ZodTypeAny, input: unknown, at: string[], ctx: z.RefinementCtx): void {
  const r = schema.safeParse(input);
  if (r.success) return;
  for (const issue of r.error.issues) {
    // A refinement may name its own setting first ("topK must not exceed ..."): the path names it.
    const own = String(issue.path.at(-1) ?? "");
    const message =
      own && issue.message.startsWith(`${own} `) ? issue.message.slice(own.length + 1) : issue.message;
    ctx.addIssue({ ...issue, message, path: [...at, ...issue.path] } as z.IssueData);
  }
}

/** The adaptation settings input with the indicator --adapt chose. */
export function adaptationInput(c: {
  adapt: AdaptName;
  augmentSettings: AugmentSettings;
}): Record<string, unknown> {
  return { ...c.augmentSettings.adaptation, indicator: c.adapt === "none" ? "td" : c.adapt };
}

/** SynthER's online denoiser and schedule (reference/hyperparameters.md "Online (with SAC/REDQ)"). */
const SYNTHER_ONLINE_DEFAULTS = {
  diffusion: {
    denoiser: { dimT: 256, width: 1024, depth: 6 },
    training: { totalSteps: 100_000, batchSize: 256 },
  },
};

/** The SynthER settings input of the run: the user's over the defaults of its mode. */
export function syntherModelInput(c: {
  mode: string;
  augmentSettings: AugmentSettings;
}): Record<string, unknown> {
  const base = c.mode === "offline" ? {} : SYNTHER_ONLINE_DEFAULTS;
  return mergeSettings(base, c.augmentSettings.synther.model);
}

/** Nested settings objects merged key by key (`over` wins; arrays and values are replaced). */
export function mergeSettings(base: object, over: object): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isPlainObject(b) && isPlainObject(v) ? mergeSettings(b, v) : v;
  }
  return out;
}

function isPlainObject(v: unknown): v is object {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}
