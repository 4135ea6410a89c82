// `atradiff train`: validates the options into a job config (runs/<name>/config.json), creates the
// run directory (never over an existing one without --force) and trains every seed in its own
// worker process with a progress bar per seed. `runJobSeeds` is shared with `atradiff resume`.
import { existsSync, readFileSync } from "node:fs";
import type { Command } from "commander";
import { listenForInterrupts } from "../experiments/interrupts.js";
import type { SeedStatus } from "../experiments/jobDirectory.js";
import type { TrainConfig } from "../experiments/runConfig.js";
import { decideOutputDirectory } from "../util/outputDirectory.js";
import { ProgressBoard } from "../util/progress.js";
import { optionalInt } from "./intOptions.js";

interface TrainOptions {
  agent?: string;
  env?: string;
  dataset?: string;
  mode?: string;
  steps?: string;
  seeds?: string;
  out?: string;
  force?: boolean;
  config?: string;
  evalEvery?: string;
  evalEpisodes?: string;
  checkpointEvery?: string;
  randomStartSteps?: string;
  batchSize?: string;
  logEvery?: string;
  bufferCapacity?: string;
  maxEpisodeSteps?: string;
  agentSettings?: string;
  parallel?: string;
  augment?: string;
  adapt?: string;
  generator?: string;
  label?: string;
  rho?: string;
  expectedLength?: string;
  adaptEvery?: string;
  augmentSettings?: string;
}

/** Flags that set one nested augmentation setting (augmentConfig.ts). */
const AUGMENT_FLAGS: Record<string, { option: "rho" | "expectedLength" | "adaptEvery"; path: string[] }> = {
  "--rho": { option: "rho", path: ["atradiff", "rho"] },
  "--expected-length": { option: "expectedLength", path: ["atradiff", "expectedLength"] },
  "--adapt-every": { option: "adaptEvery", path: ["adaptation", "every"] },
};

/** Options that hold an integer setting of the same (camelCase) name. */
const INTEGER_OPTIONS = [
  "steps",
  "evalEvery",
  "evalEpisodes",
  "checkpointEvery",
  "randomStartSteps",
  "batchSize",
  "logEvery",
  "bufferCapacity",
  "maxEpisodeSteps",
] as const;

function kebab(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Names a config key as the user typed it: "evalEvery" -> "--eval-every". */
export function flagName(key: string): string {
  for (const [flag, { path }] of Object.entries(AUGMENT_FLAGS))
    if (key === ["augmentSettings", ...path].join(".")) return flag;
  const [top, ...rest] = key.split(".");
  const flag = `--${kebab(top)}`;
  if (top === "seeds" || rest.length === 0) return flag;
  return `"${rest.join(".")}" in ${flag}`;
}

/** A number when the text is one (so that "1.5" is reported as 1.5), else the text itself. */
function numberOrText(text: string): number | string {
  const t = text.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : text;
}

function parseJsonOption(flag: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${flag} must be a JSON object, e.g. '{"gamma": 0.98}', got ${JSON.stringify(text)}.`);
  }
}

function readConfigFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new Error(`The config file ${path} does not exist.`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`The config file ${path} is not valid JSON (${(err as Error).message}).`);
  }
  if (raw === null || typeof raw !== "object" || Array.isArray(raw))
    throw new Error(`The config file ${path} must hold one JSON object of settings.`);
  return raw as Record<string, unknown>;
}

/** The raw job settings: a --config file's, overridden by the flags given. */
function rawSettings(opts: TrainOptions): Record<string, unknown> {
  const raw: Record<string, unknown> = opts.config ? readConfigFile(opts.config) : {};
  if (opts.agent !== undefined) raw.agent = opts.agent;
  if (opts.env !== undefined) raw.env = opts.env;
  if (opts.dataset !== undefined) raw.dataset = opts.dataset;
  if (opts.mode !== undefined) raw.mode = opts.mode;
  for (const key of INTEGER_OPTIONS) if (opts[key] !== undefined) raw[key] = numberOrText(opts[key]!);
  if (opts.seeds !== undefined) raw.seeds = opts.seeds.split(",").map(numberOrText);
  if (raw.seeds === undefined) raw.seeds = [0];
  if (opts.agentSettings !== undefined)
    raw.agentSettings = parseJsonOption("--agent-settings", opts.agentSettings);
  if (opts.augment !== undefined) raw.augment = opts.augment;
  if (opts.adapt !== undefined) raw.adapt = opts.adapt;
  if (opts.generator !== undefined) raw.generator = opts.generator;
  if (opts.label !== undefined) raw.label = opts.label;
  if (opts.augmentSettings !== undefined)
    raw.augmentSettings = parseJsonOption("--augment-settings", opts.augmentSettings);
  for (const { option, path } of Object.values(AUGMENT_FLAGS)) {
    const text = opts[option];
    if (text === undefined) continue;
    if (raw.augmentSettings === null || typeof raw.augmentSettings !== "object") raw.augmentSettings = {};
    let at = raw.augmentSettings as Record<string, unknown>;
    if (at[path[0]] === null || typeof at[path[0]] !== "object") at[path[0]] = {};
    at = at[path[0]] as Record<string, unknown>;
    at[path[1]] = numberOrText(text);
  }
  return raw;
}

/** Validates everything the job needs before any directory is created. */
async function jobConfig(opts: TrainOptions): Promise<TrainConfig> {
  const { DATASET_AGENTS, AGENT_NAMES } = await import("../experiments/runConfig.js");
  const raw = rawSettings(opts);
  // Checked first so that an unknown agent is reported as such, not as a consequence of the mode.
  if (typeof raw.agent === "string" && !(AGENT_NAMES as readonly string[]).includes(raw.agent))
    throw new Error(`Unknown agent "${raw.agent}"; known agents: ${AGENT_NAMES.join(", ")}.`);
  if (DATASET_AGENTS.includes(raw.agent as never) && raw.dataset === undefined)
    throw new Error(`The agent ${raw.agent} learns from a dataset; give one with --dataset <file>.`);
  const { trainingJobSettings } = await import("../experiments/trainingJobSettings.js");
  return trainingJobSettings(raw, flagName);
}

function formatReturn(x: number | null): number | undefined {
  return x === null ? undefined : Math.round(x * 10) / 10;
}

/** What became of a seed stopped by Ctrl-C. */
function stoppedAt(o: { finished: boolean; step: number; error?: string }, killed: boolean): string {
  if (o.finished) return `finished ${o.step} steps`;
  if (killed) return "stopped at once; it resumes from its last checkpoint";
  if (o.error) return `failed at step ${o.step}: ${o.error}`;
  return `checkpoint written at step ${o.step}`;
}

/**
 * Runs the given seeds in worker processes with a progress bar each; prints one summary line per
 * seed. Throws one sentence if a seed failed; exits 130 after Ctrl-C (interrupts.ts; the runs stay
 * resumable).
 */
export async function runJobSeeds(
  jobDir: string,
  seeds: SeedStatus[],
  totalSteps: number,
  parallel: number | undefined,
): Promise<void> {
  const { planWorkers, runSeedsInWorkers } = await import("../experiments/seedPool.js");
  const plan = planWorkers(seeds.length, { parallel });
  const { describeEngineFor } = await import("../engine/runtime.js");
  console.log(`engine: ${await describeEngineFor(plan.threads)} per seed`);
  const board = new ProgressBoard({ labelWidth: Math.max(...seeds.map((s) => `seed ${s.seed}`.length)) });
  const tasks = new Map(seeds.map((s) => [s.seed, board.add(`seed ${s.seed}`, totalSteps, s.step)]));
  const interrupts = listenForInterrupts((m) => board.log(m));
  let outcomes: Awaited<ReturnType<typeof runSeedsInWorkers>>;
  try {
    outcomes = await runSeedsInWorkers(seeds, {
      ...plan,
      signal: interrupts.graceful,
      stopNow: interrupts.now,
      onProgress: (seed, p) =>
        tasks
          .get(seed)
          ?.update(p.step, { return: formatReturn(p.lastReturn), eval: formatReturn(p.lastEvalReturn) }),
      onEnd: (o) => tasks.get(o.seed)?.finish(o.error ? "failed" : o.finished ? "done" : "stopped"),
      onWarning: (_, message) => board.log(message),
    });
  } finally {
    board.stop();
    interrupts.dispose();
  }
  if (interrupts.graceful.aborted) {
    for (const o of outcomes) console.error(`seed ${o.seed}: ${stoppedAt(o, interrupts.now.aborted)}`);
    console.error(`Stopped. Continue with \`atradiff resume ${jobDir}\`.`);
    process.exit(130);
  }
  for (const o of outcomes)
    console.log(`seed ${o.seed}: ${o.error ? `failed at step ${o.step}` : `finished ${o.step} steps`}`);
  const failed = outcomes.find((o) => o.error);
  if (failed) throw new Error(`Seed ${failed.seed} failed: ${failed.error}`);
}

export function registerTrainCommand(program: Command): void {
  program
    .command("train")
    .description(
      "train an agent on an env (online, offline or offline-to-online), one worker process per seed",
    )
    .option("--agent <name>", "sac, redq, rlpd, td3bc, iql or bc")
    .option("--env <id>", "environment id (see `atradiff env list`)")
    .option(
      "--dataset <file>",
      "HDF5 dataset (D4RL or Minari layout), a path or a name in the data directory",
    )
    .option(
      "--mode <mode>",
      "online, offline or offline-to-online (default: online; with --dataset: offline for td3bc/iql/bc, else offline-to-online)",
    )
    .option("--steps <n>", "env steps (online modes) or gradient steps (offline)")
    .option("--seeds <list>", "comma-separated seeds (default 0)")
    .option("--out <dir>", "run directory, e.g. runs/hopper-sac")
    .option("--force", "replace a run directory that atradiff made (never any other directory)")
    .option("--config <file>", "a JSON file of settings (the flags override it)")
    .option("--eval-every <n>", "evaluate every n steps (default 5000)")
    .option("--eval-episodes <n>", "deterministic episodes per evaluation (default 10)")
    .option(
      "--checkpoint-every <n>",
      "checkpoint at the first episode end after every n steps (default 10000)",
    )
    .option("--random-start-steps <n>", "uniform random actions before learning starts (default 5000)")
    .option("--batch-size <n>", "transitions per gradient step (default 256)")
    .option("--log-every <n>", "a metrics.jsonl line every n steps (default 1000)")
    .option("--buffer-capacity <n>", "replay buffer size (default: every step of the run)")
    .option("--max-episode-steps <n>", "episode time limit (default: the env's)")
    .option("--agent-settings <json>", `the agent's own settings as JSON, e.g. '{"gamma": 0.98}'`)
    .option(
      "--parallel <n>",
      "seeds trained at the same time (default: one per core, or ATRADIFF_THREADS of them)",
    )
    .option(
      "--augment <kind>",
      "none, atradiff (generated trajectories, needs --generator), synther or s4rl (default none)",
    )
    .option("--adapt <indicator>", "online adaptation of the generator: none, td or reward (default none)")
    .option("--generator <dir>", "a generator directory written by `atradiff diffuser train`")
    .option(
      "--label <name>",
      'the method\'s name in reports (default: agent + augmentation, e.g. "sac + atradiff")',
    )
    .option("--rho <x>", "atradiff: probability that a sampled transition is synthetic (default 0.5)")
    .option(
      "--expected-length <L>",
      "atradiff: mean generated trajectory length (default: measured by a generation pass)",
    )
    .option("--adapt-every <n>", "env steps between two adaptations of the generator (default 10000)")
    .option(
      "--augment-settings <json>",
      `other augmentation settings as JSON, e.g. '{"synther": {"retrainEvery": 5000}}'`,
    )
    .action(async (opts: TrainOptions) => {
      if (opts.out === undefined)
        throw new Error("--out is missing; expected the run directory to write, e.g. runs/x.");
      const parallel = optionalInt("--parallel", opts.parallel);
      const { createJob, runOutputRules } = await import("../experiments/jobDirectory.js");
      // A refused directory is reported before minutes of checks, and again (raced) by createJob.
      decideOutputDirectory(opts.out, "run", runOutputRules(opts.out, opts.force));
      const config = await jobConfig(opts);
      const { randomStartWarning } = await import("../experiments/runConfig.js");
      const warning = randomStartWarning(config);
      if (warning !== null) console.error(`warning: ${warning}`);
      const jobs = createJob(opts.out, config, { force: opts.force });
      const seeds = jobs.map((j) => ({ ...j, step: 0, finished: false }));
      await runJobSeeds(opts.out, seeds, config.steps, parallel);
      console.log(
        `The run is in ${opts.out}; draw its learning curves with \`atradiff report ${opts.out}\`.`,
      );
    });
}
