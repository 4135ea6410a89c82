// The settings of one training run (one seed) and of a multi-seed training job, as zod schemas.
// Defaults follow reference/hyperparameters.md (5,000 random start steps, batch 256, evaluation
// every 5k steps over 10 episodes). A run stores its settings as config.json so that
// `atradiff resume` continues with exactly the same ones.
import { z } from "zod";
import { unknownSettingPhrase } from "../../agents/settingKeys.js";
import { MAX_BATCH_SIZE, MAX_COUNT, MAX_SEED } from "../../agents/settingTypes.js";
import { PROTOTYPE_KEY_REASON, prototypeKeyPath } from "../../util/prototypeKeys.js";
import { augmentationFields, checkAugmentation } from "./augmentConfig.js";
import { preprocessingSchema } from "./preprocessing.js";

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

// Upper bounds: agents/settingTypes.ts says why each is where it is.
const positiveInt = z
  .number({ invalid_type_error: "a positive integer", required_error: "a positive integer" })
  .int("a positive integer")
  .min(1, "a positive integer")
  .max(MAX_COUNT, `at most ${MAX_COUNT.toLocaleString("en-US")}`);
const nonNegativeInt = z
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
    agent: z.enum(AGENT_NAMES, { errorMap: () => ({ message: `one of ${AGENT_NAMES.join(", ")}` }) }),
    env: z
      .string({ invalid_type_error: "an environment id", required_error: "an environment id" })
      .min(1, "an environment id"),
    /** An HDF5 file in the D4RL layout; required by the offline and offline-to-online modes. */
    dataset: z.string({ invalid_type_error: "a file path" }).min(1, "a file path").optional(),
    mode: z.enum(MODES, { errorMap: () => ({ message: `one of ${MODES.join(", ")}` }) }).default("online"),
    /** Env steps (online modes) or gradient steps (offline mode). */
    steps: positiveInt,
    evalEvery: positiveInt.default(5000),
    evalEpisodes: positiveInt.default(10),
    /** Checkpoints are written at the first episode boundary after every multiple of this. */
    checkpointEvery: positiveInt.default(10000),
    /** Uniform random actions for this many env steps; gradient updates start afterwards. */
    randomStartSteps: nonNegativeInt.default(5000),
    batchSize: positiveInt
      .max(MAX_BATCH_SIZE, `at most ${MAX_BATCH_SIZE.toLocaleString("en-US")}`)
      .default(256),
    /** A metrics line every this many steps (and at every evaluation). */
    logEvery: positiveInt.default(1000),
    /** Replay buffer capacity (transitions); default: every env step of the run. */
    bufferCapacity: positiveInt.optional(),
    /** Episode step limit; default the env's standard one. */
    maxEpisodeSteps: positiveInt.optional(),
    /** Observation normalization and reward scaling; default: the agent's reference choice for the env. */
    preprocessing: preprocessingSchema.optional(),
    /** Settings passed to the agent's constructor (e.g. its own schema's fields). */
    agentSettings: z.record(z.unknown(), { invalid_type_error: "an object of agent settings" }).default({}),
    /**
     * The method's name in reports (default: the agent, augmentation and adaptation, e.g.
     * "sac + atradiff"); names a variant, e.g. of another generator, apart from the original.
     */
    label: z.string({ invalid_type_error: "a non-empty name" }).trim().min(1, "a non-empty name").optional(),
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

/**
 * A warning when an online run ends within its random start: it would make no update and report a
 * random policy as the agent's (a short random-data run is legitimate, so this warns, not refuses).
 */
export function randomStartWarning(
  c: Pick<RunSettings, "mode" | "steps" | "randomStartSteps">,
): string | null {
  if (c.mode === "offline" || c.steps > c.randomStartSteps) return null;
  return `--steps ${c.steps} ends within the ${c.randomStartSteps} random start steps, so the agent makes no update; raise --steps or lower --random-start-steps.`;
}

/** The settings of one seed of a training job. */
export function seedConfig(train: TrainConfig, seed: number): RunConfig {
  const { seeds: _seeds, ...settings } = train;
  return { ...settings, seed };
}

/**
 * Names a setting in messages: `settingName("evalEvery")` may give "--eval-every" on the command
 * line or `"evalEvery" in runs/x/config.json` for a file.
 */
export type SettingNamer = (key: string) => string;

/** Parses `input` with `schema`, or throws one sentence naming the first bad setting and its value. */
export function parseSettings<S extends z.ZodTypeAny>(
  schema: S,
  input: unknown,
  nameOf: SettingNamer,
): z.output<S> {
  const prototypeKey = prototypeKeyPath(input);
  if (prototypeKey !== null)
    throw new Error(`${capitalize(nameOf(prototypeKey.join(".")))} ${PROTOTYPE_KEY_REASON}.`);
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new Error(describeIssue(result.error.issues[0], input, nameOf, schema));
}

function describeIssue(
  issue: z.ZodIssue,
  input: unknown,
  nameOf: SettingNamer,
  schema: z.ZodTypeAny,
): string {
  if (issue.code === "unrecognized_keys")
    return `${capitalize(unknownSettingPhrase(issue.keys, schema, issue.path, (k) => nameOf([...issue.path, k].join("."))))}.`;
  const key = issue.path.map(String).join(".");
  // Nested component schemas (agents/settingTypes.ts) phrase their messages as "must be ...".
  const expected = issue.message.replace(/^must be /, "");
  const mustBe = issue.message.startsWith("must ") ? issue.message : `must be ${issue.message}`;
  if (key === "") return `The settings ${mustBe}.`;
  if (issue.code === "custom" && issue.params?.omitValue) return `${capitalize(nameOf(key))} ${mustBe}.`;
  const value = valueAt(input, issue.path);
  if (value === undefined) return `${capitalize(nameOf(key))} is missing; expected ${expected}.`;
  return `${capitalize(nameOf(key))} ${mustBe}, got ${JSON.stringify(value)}.`;
}

function valueAt(input: unknown, path: (string | number)[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[k];
  }
  return v;
}

function capitalize(s: string): string {
  return s.length > 0 && /[a-z]/.test(s[0]) ? s[0].toUpperCase() + s.slice(1) : s;
}
