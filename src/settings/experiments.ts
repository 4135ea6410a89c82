// The settings of a training run and job (`atradiff train`, config.json), of its augmentation
// (--augment, --adapt, --augment-settings), of its data preprocessing, and the shape of a pipeline
// plan file. Defaults follow reference/hyperparameters.md (5,000 random start steps, batch 256,
// evaluation every 5k steps over 10 episodes). The component settings a run carries (agents,
// generator, baselines) are checked against their own schemas in the sibling files.
import { z } from "zod";
import { adaptationSettingsSchema, augmentedBufferSettingsSchema } from "./augmentation.js";
import { s4rlSettingsSchema, syntherSettingsSchema } from "./baselines.js";
import { MAX_BATCH_SIZE, MAX_COUNT, MAX_SAMPLER_STEPS, MAX_SEED, positiveInt } from "./types.js";

/**
 * A generator-fidelity stage's defaults: start states drawn from the dataset, and their seed (the
 * issue-19 harness: 256 held-out starts).
 */
export const FIDELITY_STARTS = 256;
export const FIDELITY_SEED = 0;

// ---- augmentation of a run (ATraDiff §4.2-4.3, SynthER, S4RL)

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
    model: settingsObject("SynthER").describe(
      "SynthER's own settings over the mode's defaults (online: SynthER's online denoiser; see [synther]).",
    ),
    retrainEvery: positiveInt()
      .default(10_000)
      .describe("Online: env steps between two retrainings on the whole replay buffer (SynthER: 10k)."),
    syntheticSize: positiveInt()
      .default(1_000_000)
      .describe("Online: synthetic transitions generated after each retraining (SynthER: 200k-1M)."),
    generationBatch: positiveInt().default(10_000).describe("Transitions per sampler call when generating."),
    /**
     * Online: a SynthER model file (safetensors, SyntherModel.save) pre-trained on the offline data;
     * its samples fill the synthetic buffer until the first retraining. Offline: used instead of
     * training a model on the dataset.
     */
    pretrained: z
      .string({ invalid_type_error: "a file path" })
      .min(1, "a file path")
      .nullable()
      .default(null)
      .describe(
        "A SynthER model file pre-trained on the offline data (online: fills the buffer until the first retraining).",
      ),
  })
  .strict();

export const generationRunSettingsSchema = z
  .object({
    samplerSteps: positiveInt(MAX_SAMPLER_STEPS)
      .nullable()
      .default(null)
      .describe("Sampler steps per generated window; null: the generator's own setting."),
    workerThreads: positiveInt().default(1).describe("Engine threads of the generator's worker thread."),
    task: z
      .number({ invalid_type_error: "must be an integer" })
      .int("must be an integer")
      .min(0)
      .default(0)
      .describe("Task id given to the generator's prompt."),
  })
  .strict();

export const augmentSettingsSchema = z
  .object({
    atradiff: augmentedBufferSettingsSchema
      .default({})
      .describe(
        "ATraDiff's buffer: rho (0.5), expectedLength (null = measured), queue and capacity (\u00a74.2).",
      ),
    generation: generationRunSettingsSchema
      .default({})
      .describe("How ATraDiff's generator is run during training."),
    adaptation: settingsObject("online adaptation").describe(
      "Online adaptation settings (atradiff/adaptation/adaptationSettings.ts); --adapt sets the indicator.",
    ),
    synther: syntherRunSettingsSchema.default({}).describe("The SynthER augmentation."),
    s4rl: s4rlSettingsSchema.default({}),
    upsampleTo: positiveInt()
      .default(5_000_000)
      .describe("Offline mode (atradiff, synther): rows of the upsampled dataset, real ones included (5M)."),
  })
  .strict();

export type AugmentSettings = z.output<typeof augmentSettingsSchema>;

/** The augmentation keys of a run's settings (merged into runSettingsSchema). */
export const augmentationFields = {
  augment: z
    .enum(AUGMENTS, { errorMap: () => ({ message: `one of ${AUGMENTS.join(", ")}` }) })
    .default("none")
    .describe("Data augmentation of the agent's batches: none, atradiff, synther or s4rl."),
  adapt: z
    .enum(ADAPTS, { errorMap: () => ({ message: `one of ${ADAPTS.join(", ")}` }) })
    .default("none")
    .describe("Online adaptation of ATraDiff's generator: none, td or reward."),
  generator: z
    .string({ invalid_type_error: "a directory path" })
    .min(1, "a directory path")
    .optional()
    .describe("A directory written by `atradiff diffuser train` (--augment atradiff)."),
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

// ---- data preprocessing (reference/hyperparameters.md)

export const preprocessingSchema = z
  .object({
    normalizeObservations: z
      .boolean({ invalid_type_error: "true or false" })
      .describe("(obs - mean) / (std + 1e-3) with the dataset's statistics (TD3+BC)."),
    rewardScale: z
      .enum(["none", "returnRange"], { errorMap: () => ({ message: "none or returnRange" }) })
      .describe(
        '"returnRange": rewards x 1000 / (max - min episode return in the dataset) (IQL, locomotion).',
      ),
    rewardShift: z
      .number({ invalid_type_error: "a finite number" })
      .finite("a finite number")
      .describe("Added to every reward after scaling (AntMaze: -1)."),
  })
  .strict();

export type Preprocessing = z.output<typeof preprocessingSchema>;

// ---- the run and the job

export const AGENT_NAMES = ["sac", "redq", "rlpd", "td3bc", "iql", "bc"] as const;
export type AgentName = (typeof AGENT_NAMES)[number];

/**
 * online: learn from the env only. offline: gradient steps on a dataset only, no env interaction
 * except evaluation. offline-to-online: act in the env and learn from batches that are half
 * dataset, half online data (RLPD's symmetric sampling).
 */
export const MODES = ["online", "offline", "offline-to-online"] as const;
export type RunMode = (typeof MODES)[number];

/** Agents that only make sense with a dataset (they regularize towards the data's actions). */
export const DATASET_AGENTS: readonly AgentName[] = ["td3bc", "iql", "bc"];

// Upper bounds: types.ts says why each is where it is.
const runPositiveInt = z
  .number({ invalid_type_error: "a positive integer", required_error: "a positive integer" })
  .int("a positive integer")
  .min(1, "a positive integer")
  .max(MAX_COUNT, `at most ${MAX_COUNT.toLocaleString("en-US")}`);
const runNonNegativeInt = z
  .number({ invalid_type_error: "a non-negative integer", required_error: "a non-negative integer" })
  .int("a non-negative integer")
  .min(0, "a non-negative integer")
  .max(MAX_COUNT, `at most ${MAX_COUNT.toLocaleString("en-US")}`);
const seed = z
  .number({ invalid_type_error: "a non-negative integer", required_error: "a non-negative integer" })
  .int("a non-negative integer")
  .min(0, "a non-negative integer")
  .max(MAX_SEED, `at most ${MAX_SEED}`);

/** Everything a run needs except its seed. */
export const runSettingsSchema = z
  .object({
    agent: z
      .enum(AGENT_NAMES, { errorMap: () => ({ message: `one of ${AGENT_NAMES.join(", ")}` }) })
      .describe("The agent: sac, redq, rlpd, td3bc, iql or bc."),
    env: z
      .string({ invalid_type_error: "an environment id", required_error: "an environment id" })
      .min(1, "an environment id")
      .describe("The environment id (atradiff env list)."),
    dataset: z
      .string({ invalid_type_error: "a file path" })
      .min(1, "a file path")
      .optional()
      .describe("An HDF5 file in the D4RL layout; required by the offline and offline-to-online modes."),
    mode: z
      .enum(MODES, { errorMap: () => ({ message: `one of ${MODES.join(", ")}` }) })
      .default("online")
      .describe("online, offline or offline-to-online."),
    steps: runPositiveInt.describe("Env steps (online modes) or gradient steps (offline mode)."),
    evalEvery: runPositiveInt.default(5000).describe("Steps between two evaluations."),
    evalEpisodes: runPositiveInt.default(10).describe("Deterministic episodes per evaluation."),
    checkpointEvery: runPositiveInt
      .default(10000)
      .describe("Checkpoints are written at the first episode boundary after every multiple of this."),
    randomStartSteps: runNonNegativeInt
      .default(5000)
      .describe("Uniform random actions for this many env steps; gradient updates start afterwards."),
    batchSize: runPositiveInt
      .max(MAX_BATCH_SIZE, `at most ${MAX_BATCH_SIZE.toLocaleString("en-US")}`)
      .default(256)
      .describe("Transitions per gradient step."),
    logEvery: runPositiveInt
      .default(1000)
      .describe("A metrics line every this many steps (and at every evaluation)."),
    bufferCapacity: runPositiveInt
      .optional()
      .describe("Replay buffer capacity (transitions); default: every env step of the run."),
    maxEpisodeSteps: runPositiveInt
      .optional()
      .describe("Episode step limit; default the env's standard one."),
    preprocessing: preprocessingSchema
      .optional()
      .describe(
        "Observation normalization and reward scaling; default: the agent's reference choice for the env.",
      ),
    agentSettings: z
      .record(z.unknown(), { invalid_type_error: "an object of agent settings" })
      .default({})
      .describe("Settings passed to the agent's constructor (e.g. its own schema's fields)."),
    /**
     * The method's name in reports (default: the agent, augmentation and adaptation, e.g.
     * "sac + atradiff"); names a variant, e.g. of another generator, apart from the original.
     */
    label: z
      .string({ invalid_type_error: "a non-empty name" })
      .trim()
      .min(1, "a non-empty name")
      .optional()
      .describe('The method\'s name in reports (default: agent + augmentation, e.g. "sac + atradiff").'),
    /** Data augmentation (--augment, --adapt, --generator, --augment-settings): augmentConfig.ts. */
    ...augmentationFields,
  })
  .strict();

export const runConfigSchema = runSettingsSchema
  .extend({ seed })
  .strict()
  .superRefine(checkModeAndAgent)
  .superRefine(checkAugmentation);

export const trainConfigSchema = runSettingsSchema
  .extend({
    seeds: z
      .array(seed, { invalid_type_error: "a list of non-negative integers" })
      .min(1, "a non-empty list of seeds")
      .refine((xs) => new Set(xs).size === xs.length, "a list of distinct seeds"),
  })
  .strict()
  .superRefine(checkModeAndAgent)
  .superRefine(checkAugmentation);

export type RunSettings = z.output<typeof runSettingsSchema>;
export type RunConfig = z.output<typeof runConfigSchema>;
export type TrainConfig = z.output<typeof trainConfigSchema>;

/** Agent settings the loop owns: they are run settings here, so that every agent gets them alike. */
const LOOP_OWNED_AGENT_SETTINGS: Record<string, string> = {
  batchSize: "batchSize (--batch-size)",
  randomSteps: "randomStartSteps (--random-start-steps)",
};

function checkModeAndAgent(
  c: { mode: RunMode; dataset?: string; agent: AgentName; agentSettings: Record<string, unknown> },
  ctx: z.RefinementCtx,
): void {
  for (const [key, runKey] of Object.entries(LOOP_OWNED_AGENT_SETTINGS))
    if (key in c.agentSettings)
      ctx.addIssue({
        code: "custom",
        path: ["agentSettings", key],
        message: `left out: the run setting ${runKey} decides it`,
      });
  if (c.mode !== "online" && c.dataset === undefined)
    ctx.addIssue({ code: "custom", path: ["dataset"], message: `a dataset file for mode ${c.mode}` });
  if (c.mode === "online" && DATASET_AGENTS.includes(c.agent))
    ctx.addIssue({
      code: "custom",
      path: ["mode"],
      message: `offline or offline-to-online for agent ${c.agent}, which learns from a dataset`,
      // The mode may be the default rather than given: say what it must be, not what it is.
      params: { omitValue: true },
    });
}

// ---- a pipeline plan file

const text = z
  .string({ invalid_type_error: "a string", required_error: "a string" })
  .min(1, "a non-empty string");
const count = z
  .number({ invalid_type_error: "a positive integer" })
  .int("a positive integer")
  .min(1, "a positive integer");
const settings = z.record(z.unknown(), { invalid_type_error: "an object of settings" });
const run = z.object({ name: text, dir: text, settings, later: z.boolean().optional() }).strict();

/** A pipeline plan file (`atradiff experiment <plan.json>`): its shape; checkPlan.ts checks its contents. */
export const planFileSchema = z
  .object({
    title: text,
    datasets: z
      .array(
        z
          .object({
            name: text,
            path: text,
            size: count.optional(),
            seed: z.number().int().min(0).optional(),
          })
          .strict(),
      )
      .default([]),
    generators: z
      .array(
        z
          .object({
            dataset: text,
            dir: text,
            settings: settings.default({}),
            saveEvery: count.default(1000),
          })
          .strict(),
      )
      .default([]),
    generatorCuts: z
      .array(
        z.object({ from: text, dataset: text, windowLengths: z.array(count).min(1), dir: text }).strict(),
      )
      .optional(),
    generatorFidelity: z
      .array(
        z
          .object({
            generator: text,
            dataset: text,
            file: text,
            label: text.optional(),
            starts: count.default(FIDELITY_STARTS),
            seed: z.number().int().min(0).default(FIDELITY_SEED),
            samplerSteps: count.optional(),
            env: text.optional(),
          })
          .strict(),
      )
      .optional(),
    synther: z
      .array(z.object({ dataset: text, file: text, settings: settings.default({}) }).strict())
      .default([]),
    runs: z.array(run),
    parallel: count.optional(),
    report: z
      .object({
        dir: text,
        tableSteps: z.array(count).default([25_000, 50_000, 100_000]),
        publish: z.boolean().default(false),
        alsoRuns: z.array(run).optional(),
      })
      .strict(),
  })
  .strict();

/** The file format of a saved TrainedAgent (experiments/learn/trainedAgent.ts): model.json. */
export const MODEL_FORMAT = "atradiff-trained-agent-v1";
const modelNumbers = z.array(z.number({ invalid_type_error: "a number" }), {
  invalid_type_error: "a list of numbers",
});
export const modelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT, { errorMap: () => ({ message: `"${MODEL_FORMAT}"` }) }),
  env: z.string({ invalid_type_error: "an environment id" }),
  actionLow: modelNumbers,
  actionHigh: modelNumbers,
  observationNormalization: z.object({ mean: modelNumbers, scale: modelNumbers }).strict().nullable(),
  settings: z.record(z.unknown()),
});
