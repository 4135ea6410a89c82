// `dataset build`: makes a dataset by its recipe and writes it atomically to the data directory.
//   random         uniformly random actions
//   medium/expert  rollouts of a behavior policy: the committed data/policies/<env>-<kind>.safetensors,
//                  or, with trainPolicy, the policy of this machine's SAC training run (trained or
//                  resumed first)
//   medium-replay  the replay buffer of that training run up to the medium step (needs the run)
//   medium-expert  the medium rows (their whole episodes) followed by the expert rows (same size and
//                  seed each)
//   diverse/play   AntMaze: a walking policy following shortest-path waypoints (antmaze/antMazeRecipe.ts)
// An existing dataset is never rebuilt without `force`.
import { existsSync, mkdirSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { datasetPath } from "../data/dataDirectory.js";
import { type DatasetColumns, type Metadata, makeDataset } from "../data/dataset.js";
import { type WriteDatasetOptions, writeDatasetFile } from "../data/hdf5/d4rlWriter.js";
import { engine } from "../engine/runtime.js";
import type { MazeName } from "../envs/antmaze/mazeLayouts.js";
import "../envs/index.js";
import { envSpec, makeEnv } from "../envs/registry.js";
import type { Env } from "../envs/types.js";
import { RescaleAction } from "../envs/wrappers/rescaleAction.js";
import type { LoopProgress } from "../experiments/loops/loopRun.js";
import { takeRunLock } from "../util/runLock.js";
import { antMazeRecipe } from "./antmaze/antMazeRecipe.js";
import type { AntMazeVariant } from "./antmaze/mazeTasks.js";
import type { WalkerTrainingSettingsInput } from "./antmaze/walkerTrainingSettings.js";
import { BehaviorPolicy } from "./behaviorPolicy.js";
import {
  baseMetadata,
  type PolicySource,
  policyMetadata,
  type ReturnStatistics,
  returnStatistics,
  returnsMetadata,
} from "./datasetMetadata.js";
import {
  type DatasetKind,
  type DatasetName,
  familyOf,
  isAntMazeDatasetEnv,
  parseDatasetName,
} from "./datasetNames.js";
import { readMediumReplay } from "./mediumReplaySnapshot.js";
import { verifyCommittedPolicy } from "./policyChecksums.js";
import { trainBehaviorPolicies } from "./policyTraining.js";
import {
  POLICY_TRAINING_SEED,
  policyTrainingDirectory,
  policyTrainingSettingsFor,
} from "./policyTrainingPlan.js";
import type { PolicyTrainingSettingsInput } from "./policyTrainingSettings.js";
import { committedPolicyPath } from "./projectFiles.js";
import { type CollectedRollouts, collectRollouts, uniformRandomActions } from "./rolloutCollector.js";
import { TrainingDirectory } from "./trainingDirectory.js";

export const DEFAULT_DATASET_SIZE = 1_000_000;
export const DEFAULT_DATASET_SEED = 0;

export type BuildPhase = "training" | "collecting" | "writing";

export interface BuildProgress {
  phase: BuildPhase;
  /** What the phase is about, e.g. "medium policy" or "expert rollouts". */
  label: string;
  done: number;
  total: number;
  lastEvalReturn?: number | null;
}

export interface BuildOptions {
  /** "<env>-<kind>" */
  name: string;
  /** Rows of each rollout dataset (medium-expert: of each half); default 1M. Not for medium-replay. */
  size?: number;
  /** Rollout seed; default 0. Not for medium-replay, whose rows come from the training run. */
  seed?: number;
  force?: boolean;
  /** Use (train or resume) this machine's SAC run instead of the committed policies. */
  trainPolicy?: boolean;
  /** Where to write; default the data directory's <name>.hdf5. */
  outputPath?: string;
  /** The committed policies' directory; default the project's data/policies/. */
  policiesDirectory?: string;
  /**
   * The training run's directory; default <data dir>/policy-training/<env>-sac-seed0 (AntMaze: the
   * walking-policy run, <data dir>/policy-training/antwalk-to-goal-sac-seed0).
   */
  trainingDirectory?: string;
  /** Changes to the training run's settings (policyTrainingSettings.ts), e.g. a short run in tests. */
  policyTraining?: Partial<PolicyTrainingSettingsInput>;
  /** AntMaze: settings of a new walking-policy run (antmaze/walkerTrainingSettings.ts; an existing run keeps its own). */
  walkerTraining?: WalkerTrainingSettingsInput;
  onProgress?: (p: BuildProgress) => void;
}

export interface BuildReport {
  name: string;
  path: string;
  rows: number;
  episodes: number;
  returns: ReturnStatistics | null;
  /** medium-expert: the returns of each half. */
  halves?: { medium: ReturnStatistics | null; expert: ReturnStatistics | null };
  seconds: {
    /** Policy training done in this build (0 when the policy existed). */
    trainingThisBuild: number;
    /** Training time of the policies used, as their run recorded it (summed over sessions). */
    policyTraining: number | null;
    collection: number;
    writing: number;
  };
  metadata: Metadata;
}

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

/** Refuses an existing file unless forced; returns the path to write. */
export function outputPathFor(name: string, opts: Pick<BuildOptions, "outputPath" | "force">): string {
  const path = opts.outputPath ?? datasetPath(name);
  if (existsSync(path) && !opts.force)
    throw new Error(
      `The dataset ${name} already exists at ${path}; it is not rebuilt (add --force to replace it).`,
    );
  return path;
}

async function actingEnv(env: string): Promise<Env> {
  return new RescaleAction(await makeEnv(env));
}

interface BuildContext {
  name: DatasetName;
  opts: BuildOptions;
  trainingSeconds: number;
}

function trainingDirectoryOf(ctx: BuildContext): string {
  return ctx.opts.trainingDirectory ?? policyTrainingDirectory(ctx.name.env, POLICY_TRAINING_SEED);
}

/** Trains or resumes the env's SAC run far enough for `kind`'s policy; returns its directory. */
async function trainPolicy(ctx: BuildContext, kind: "medium" | "expert"): Promise<TrainingDirectory> {
  const family = familyOf(ctx.name.env);
  if (!family) throw new Error(`${ctx.name.env} has no behavior-policy recipe.`);
  const started = performance.now();
  const settings = { ...policyTrainingSettingsFor(family), ...ctx.opts.policyTraining };
  const outcome = await trainBehaviorPolicies(trainingDirectoryOf(ctx), settings, {
    untilMedium: kind === "medium",
    onProgress: (p: LoopProgress) =>
      ctx.opts.onProgress?.({
        phase: "training",
        label: `SAC for the ${kind} policy`,
        done: p.step,
        total: p.total,
        lastEvalReturn: p.lastEvalReturn,
      }),
  });
  ctx.trainingSeconds += seconds(started);
  return outcome.dir;
}

async function policySource(
  ctx: BuildContext,
  kind: "medium" | "expert",
): Promise<PolicySource & { trainingSeconds: number | null }> {
  if (ctx.opts.trainPolicy) {
    const dir = await trainPolicy(ctx, kind);
    const record = kind === "medium" ? dir.medium() : dir.expert();
    if (!record) throw new Error(`The training run ${dir.root} stopped before its ${kind} policy was ready.`);
    const path = kind === "medium" ? dir.mediumPolicy : dir.expertPolicy;
    const policy = BehaviorPolicy.load(path);
    policy.dispose();
    return { path, info: policy.info, trainingSeconds: record.wallSeconds };
  }
  const path = committedPolicyPath(ctx.name.env, kind, ctx.opts.policiesDirectory);
  if (!existsSync(path))
    throw new Error(
      `There is no committed ${ctx.name.env}-${kind} behavior policy (${path}); add --train-policy to train it with SAC on this machine (hours).`,
    );
  verifyCommittedPolicy(path);
  const policy = BehaviorPolicy.load(path);
  policy.dispose();
  return { path, info: policy.info, trainingSeconds: null };
}

interface Collected {
  rollouts: CollectedRollouts;
  seconds: number;
}

async function collect(
  ctx: BuildContext,
  label: string,
  makePolicy: (env: Env) => { act: Parameters<typeof collectRollouts>[0]["policy"]; dispose(): void },
): Promise<Collected> {
  const size = ctx.opts.size ?? DEFAULT_DATASET_SIZE;
  const env = await actingEnv(ctx.name.env);
  const policy = makePolicy(env);
  try {
    const started = performance.now();
    const rollouts = await collectRollouts({
      env,
      policy: policy.act,
      size,
      seed: ctx.opts.seed ?? DEFAULT_DATASET_SEED,
      onProgress: (done) => ctx.opts.onProgress?.({ phase: "collecting", label, done, total: size }),
    });
    return { rollouts, seconds: seconds(started) };
  } finally {
    policy.dispose();
    env.close();
  }
}

function checkPolicyFits(source: PolicySource, name: DatasetName, env: Env): void {
  const obsDim = env.observationSpace.low.length;
  const actDim = env.actionSpace.low.length;
  const { info } = source;
  if (info.env !== name.env || info.obsDim !== obsDim || info.actDim !== actDim)
    throw new Error(
      `The behavior policy ${source.path} is for ${info.env} (observation ${info.obsDim}, action ${info.actDim}), not ${name.env} (observation ${obsDim}, action ${actDim}).`,
    );
}

async function collectWithPolicy(ctx: BuildContext, source: PolicySource, label: string): Promise<Collected> {
  return collect(ctx, label, (env) => {
    checkPolicyFits(source, ctx.name, env);
    const policy = BehaviorPolicy.load(source.path);
    return { act: (obs, rng) => policy.act(obs, rng), dispose: () => policy.dispose() };
  });
}

function rolloutColumns(r: CollectedRollouts): DatasetColumns {
  return {
    obsDim: r.obsDim,
    actDim: r.actDim,
    observations: r.observations,
    actions: r.actions,
    rewards: r.rewards,
    terminals: r.terminals,
    timeouts: r.timeouts,
    nextObservations: r.nextObservations,
    qpos: r.qpos,
    qvel: r.qvel,
  };
}

/**
 * The rows of `c` up to its last episode end (a terminal or a timeout): a rollout dataset's size
 * cuts its last episode, which at the end of a file is allowed (D4RL's files end so), but in the
 * middle of medium-expert would run into the expert's first episode without a flag.
 */
function wholeEpisodes(c: DatasetColumns): DatasetColumns {
  let rows = c.rewards.length;
  while (rows > 0 && !c.terminals[rows - 1] && !c.timeouts[rows - 1]) rows--;
  if (rows === 0)
    throw new Error(
      "The medium half of medium-expert holds no whole episode (no terminal or timeout): build it with more rows (--size).",
    );
  const cut = <T extends Float32Array | Float64Array | Uint8Array>(x: T, width: number): T =>
    x.subarray(0, rows * width) as T;
  return {
    obsDim: c.obsDim,
    actDim: c.actDim,
    observations: cut(c.observations, c.obsDim),
    actions: cut(c.actions, c.actDim),
    rewards: cut(c.rewards, 1),
    terminals: cut(c.terminals, 1),
    timeouts: cut(c.timeouts, 1),
    nextObservations: cut(c.nextObservations!, c.obsDim),
    qpos: c.qpos ? { values: cut(c.qpos.values, c.qpos.cols), cols: c.qpos.cols } : null,
    qvel: c.qvel ? { values: cut(c.qvel.values, c.qvel.cols), cols: c.qvel.cols } : null,
  };
}

function concatColumns(a: DatasetColumns, b: DatasetColumns): DatasetColumns {
  const cat = <T extends Float32Array | Float64Array | Uint8Array>(x: T, y: T): T => {
    const out = new (x.constructor as new (n: number) => T)(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  return {
    obsDim: a.obsDim,
    actDim: a.actDim,
    observations: cat(a.observations, b.observations),
    actions: cat(a.actions, b.actions),
    rewards: cat(a.rewards, b.rewards),
    terminals: cat(a.terminals, b.terminals),
    timeouts: cat(a.timeouts, b.timeouts),
    nextObservations: cat(a.nextObservations!, b.nextObservations!),
    qpos: a.qpos && b.qpos ? { values: cat(a.qpos.values, b.qpos.values), cols: a.qpos.cols } : null,
    qvel: a.qvel && b.qvel ? { values: cat(a.qvel.values, b.qvel.values), cols: a.qvel.cols } : null,
  };
}

interface Recipe {
  columns: DatasetColumns;
  returns: number[];
  metadata: Metadata;
  collectionSeconds: number;
  policyTrainingSeconds: number | null;
  halves?: BuildReport["halves"];
  /** Further infos/<name> columns (AntMaze's infos/goal). */
  infos?: WriteDatasetOptions["infos"];
}

function rolloutMetadata(ctx: BuildContext): Metadata {
  return {
    seed: ctx.opts.seed ?? DEFAULT_DATASET_SEED,
    size_per_rollout: ctx.opts.size ?? DEFAULT_DATASET_SIZE,
  };
}

async function randomRecipe(ctx: BuildContext): Promise<Recipe> {
  const c = await collect(ctx, "random rollouts", (env) => ({
    act: uniformRandomActions(env.actionSpace.low.length),
    dispose: () => {},
  }));
  return {
    columns: rolloutColumns(c.rollouts),
    returns: c.rollouts.episodeReturns,
    metadata: { ...rolloutMetadata(ctx), source_policy: "uniform random actions in [-1, 1]^actDim" },
    collectionSeconds: c.seconds,
    policyTrainingSeconds: null,
  };
}

async function policyRecipe(ctx: BuildContext, kind: "medium" | "expert"): Promise<Recipe> {
  const source = await policySource(ctx, kind);
  const c = await collectWithPolicy(ctx, source, `${kind} rollouts`);
  return {
    columns: rolloutColumns(c.rollouts),
    returns: c.rollouts.episodeReturns,
    metadata: {
      ...rolloutMetadata(ctx),
      source_policy: `${kind} SAC policy`,
      ...policyMetadata("policy_", source),
      // The kernels round differently (fused multiply-adds, vector widths): the same seed gives the
      // same rows on engines with the same kernels (native or WebAssembly, and which instructions).
      policy_engine_kernels: engine().kernelName,
    },
    collectionSeconds: c.seconds,
    policyTrainingSeconds: source.trainingSeconds,
  };
}

async function mediumExpertRecipe(ctx: BuildContext): Promise<Recipe> {
  const medium = await policyRecipe(ctx, "medium");
  const expert = await policyRecipe(ctx, "expert");
  const prefixed = (prefix: string, m: Metadata): Metadata =>
    Object.fromEntries(
      Object.entries(m)
        .filter(([k]) => k.startsWith("policy_"))
        .map(([k, v]) => [`${prefix}${k}`, v]),
    );
  // The medium half keeps its whole episodes only, so no episode runs from one half into the other.
  const mediumRows = wholeEpisodes(medium.columns);
  const mediumStats = returnStatistics(ctx.name.env, medium.returns);
  const expertStats = returnStatistics(ctx.name.env, expert.returns);
  return {
    columns: concatColumns(mediumRows, expert.columns),
    returns: [...medium.returns, ...expert.returns],
    metadata: {
      ...rolloutMetadata(ctx),
      source_policy: "medium SAC policy (first half), expert SAC policy (second half)",
      medium_rows: mediumRows.rewards.length,
      ...prefixed("medium_", medium.metadata),
      ...prefixed("expert_", expert.metadata),
      ...returnsMetadata("medium_", mediumStats),
      ...returnsMetadata("expert_", expertStats),
    },
    collectionSeconds: medium.collectionSeconds + expert.collectionSeconds,
    policyTrainingSeconds:
      medium.policyTrainingSeconds === null || expert.policyTrainingSeconds === null
        ? null
        : Math.max(medium.policyTrainingSeconds, expert.policyTrainingSeconds),
    halves: { medium: mediumStats, expert: expertStats },
  };
}

async function mediumReplayRecipe(ctx: BuildContext): Promise<Recipe> {
  if (ctx.opts.size !== undefined || ctx.opts.seed !== undefined)
    throw new Error(
      `${ctx.name.name} is the replay buffer of the SAC training run up to its medium policy; its size and seed are the run's, so --size and --seed do not apply.`,
    );
  const dir = ctx.opts.trainPolicy
    ? await trainPolicy(ctx, "medium")
    : new TrainingDirectory(trainingDirectoryOf(ctx));
  if (!dir.medium())
    throw new Error(
      `${ctx.name.name} needs the SAC training run that produced the medium policy, and ${dir.root} has no medium snapshot; add --train-policy to train it on this machine (hours).`,
    );
  const started = performance.now();
  const data = readMediumReplay(dir);
  const policy = BehaviorPolicy.load(dir.mediumPolicy);
  policy.dispose();
  return {
    columns: data.columns,
    returns: data.episodeReturns,
    metadata: {
      source_policy:
        "the SAC training run's exploration (random start steps, then sampled actions of the policy being trained)",
      training_directory: dir.root,
      training_seed: policy.info.trainingSeed,
      training_steps: data.record.step,
      medium_data_score_target: data.record.targetScore,
      ...policyMetadata("policy_", { path: dir.mediumPolicy, info: policy.info }),
    },
    collectionSeconds: seconds(started),
    policyTrainingSeconds: data.record.wallSeconds,
  };
}

async function mazeRecipe(ctx: BuildContext, variant: AntMazeVariant): Promise<Recipe> {
  const env = ctx.name.env;
  if (!isAntMazeDatasetEnv(env))
    throw new Error(`${ctx.name.name}: the ${variant} recipe is for AntMaze only.`);
  const size = ctx.opts.size ?? DEFAULT_DATASET_SIZE;
  const r = await antMazeRecipe({
    maze: mazeOf(env),
    variant,
    size,
    seed: ctx.opts.seed ?? DEFAULT_DATASET_SEED,
    trainPolicy: ctx.opts.trainPolicy,
    trainingDirectory: ctx.opts.trainingDirectory,
    walkerTraining: ctx.opts.walkerTraining,
    policiesDirectory: ctx.opts.policiesDirectory,
    onTrainingProgress: (p) =>
      ctx.opts.onProgress?.({
        phase: "training",
        label: "SAC for the walking policy",
        done: p.step,
        total: p.total,
        lastEvalReturn: p.lastEvalReturn,
      }),
    onCollectProgress: (done) =>
      ctx.opts.onProgress?.({ phase: "collecting", label: `${variant} maze rollouts`, done, total: size }),
  });
  ctx.trainingSeconds += r.trainingThisBuild;
  return {
    columns: rolloutColumns(r.rollouts),
    returns: r.rollouts.episodeReturns,
    metadata: { ...rolloutMetadata(ctx), ...r.metadata },
    collectionSeconds: r.collectionSeconds,
    policyTrainingSeconds: r.policyTrainingSeconds,
    infos: [{ name: "goal", values: r.rollouts.goals, cols: 2 }],
  };
}

function mazeOf(env: `antmaze-${MazeName}`): MazeName {
  return env.slice("antmaze-".length) as MazeName;
}

const RECIPES: Record<DatasetKind, (ctx: BuildContext) => Promise<Recipe>> = {
  random: randomRecipe,
  diverse: (ctx) => mazeRecipe(ctx, "diverse"),
  play: (ctx) => mazeRecipe(ctx, "play"),
  medium: (ctx) => policyRecipe(ctx, "medium"),
  expert: (ctx) => policyRecipe(ctx, "expert"),
  "medium-expert": mediumExpertRecipe,
  "medium-replay": mediumReplayRecipe,
};

export async function buildDataset(opts: BuildOptions): Promise<BuildReport> {
  const name = parseDatasetName(opts.name);
  if (opts.size !== undefined && (!Number.isInteger(opts.size) || opts.size < 1))
    throw new Error(`--size must be a positive integer, got ${opts.size}.`);
  if (opts.seed !== undefined && (!Number.isInteger(opts.seed) || opts.seed < 0))
    throw new Error(`--seed must be a non-negative integer, got ${opts.seed}.`);
  let path = outputPathFor(name.name, opts);
  // One build per dataset file at a time: a second build started meanwhile is refused in one
  // sentence naming the first one's process, rather than overwriting its file at the end.
  mkdirSync(dirname(resolve(path)), { recursive: true });
  const release = takeRunLock(
    join(dirname(resolve(path)), `.${basename(path)}.lock`),
    `The dataset ${name.name} (${path})`,
  );
  try {
    path = outputPathFor(name.name, opts); // a build that held the lock may have just written it
    return await buildUnderLock(name, opts, path);
  } finally {
    release();
  }
}

async function buildUnderLock(name: DatasetName, opts: BuildOptions, path: string): Promise<BuildReport> {
  const ctx: BuildContext = { name, opts, trainingSeconds: 0 };
  const recipe = await RECIPES[name.kind](ctx);
  const returns = returnStatistics(name.env, recipe.returns);
  const rows = recipe.columns.rewards.length;
  const timeLimit = envSpec(name.env).maxEpisodeSteps;
  const metadata: Metadata = {
    ...baseMetadata(name, rows, timeLimit, recipe.metadata),
    ...returnsMetadata("", returns),
  };
  const dataset = makeDataset({ ...recipe.columns, metadata });
  opts.onProgress?.({ phase: "writing", label: path, done: 0, total: rows });
  const writeStarted = performance.now();
  await writeDatasetFile(path, dataset, { force: opts.force, infos: recipe.infos });
  const writing = seconds(writeStarted);
  opts.onProgress?.({ phase: "writing", label: path, done: rows, total: rows });
  return {
    name: name.name,
    path,
    rows,
    episodes: dataset.episodeOffsets.length - 1,
    returns,
    halves: recipe.halves,
    seconds: {
      trainingThisBuild: ctx.trainingSeconds,
      policyTraining: recipe.policyTrainingSeconds,
      collection: recipe.collectionSeconds,
      writing,
    },
    metadata,
  };
}
