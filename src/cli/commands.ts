// Every `atradiff` command as one row: its flags (name, type, required or default, help) and the
// one action it calls in the layers. To add a command, add a row; to add a flag, add a line to
// its row and read it in the action.

import type { CalibrateOptions } from "../atradiff/commands/diffuserCalibrate.js";
import type { DiffuserSampleOptions } from "../atradiff/commands/diffuserSample.js";
import type { DiffuserTrainOptions } from "../atradiff/commands/diffuserTrain.js";
import { quickScaleSchema } from "../atradiff/commands/diffuserTrainScale.js";
import { MAX_WINDOW_LENGTH } from "../atradiff/generator/generatorSettings.js";
import { adaptationSettingsSchema, augmentedBufferSettingsSchema } from "../settings/augmentation.js";
import { policyTrainingSettingsSchema, walkerTrainingSettingsSchema } from "../settings/datasets.js";
import { windowDiffusionSettingsSchema } from "../settings/diffusion.js";
import { runSettingsSchema } from "../settings/experiments.js";
import { generatorSettingsSchema } from "../settings/generator.js";
import { defaultOf, formatSettingValue } from "../settings/schemaFields.js";
import { MAX_SAMPLER_STEPS, MAX_SEED, MAX_WIDTH } from "../settings/types.js";
import { action, type CommandSpec, type FlagSpec } from "./commandSpec.js";

/** A flag's default as help shows it, read from the setting's schema (never copied by hand). */
const schemaDefault = (schema: Parameters<typeof defaultOf>[0], path: string): string =>
  formatSettingValue(defaultOf(schema, path));

/** Descriptions of the command groups (`atradiff diffuser --help`). */
export const COMMAND_GROUPS: Record<string, string> = {
  env: "list and inspect the environments",
  dataset: "offline datasets: HDF5 files in the D4RL or Minari layout",
  diffuser: "the ATraDiff trajectory generator: train, sample, export, calibrate",
  bench: "measure the speed of the engine, environments, agents",
};

const json = (what = "print one JSON object instead of a table"): FlagSpec => ({
  flag: "--json",
  help: what,
});
const parallel: FlagSpec = {
  flag: "--parallel <n>",
  type: "int",
  help: "seed runs trained at the same time",
  defaultText: "one per core, or ATRADIFF_THREADS of them",
};
const seed = (help: string, defaults?: { default?: number; defaultText?: string }): FlagSpec => ({
  flag: "--seed <s>",
  type: "int",
  min: 0,
  max: MAX_SEED,
  help,
  ...defaults,
});
const generatorDir: FlagSpec = {
  flag: "--checkpoint <dir>",
  help: "a generator directory written by `diffuser train`",
  required: true,
};
const planForce: FlagSpec = {
  flag: "--force",
  help: "replace runs and generators that atradiff made with other settings than the plan's (never directories atradiff did not make)",
};

export const COMMANDS: readonly CommandSpec[] = [
  {
    name: "env list",
    description: "every environment id with its observation and action sizes",
    flags: [json("print one JSON array instead of a table")],
    run: action(async () => (await import("../envs/commands/envList.js")).listEnvs),
  },
  {
    name: "env render",
    description:
      "render an episode (seeded random actions) as a filmstrip PNG and optionally an animated GIF",
    args: [{ name: "id", help: "environment id (see `atradiff env list`); MuJoCo environments only" }],
    flags: [
      { flag: "--out <file.png>", help: "filmstrip PNG to write", required: true },
      { flag: "--policy <name>", help: "how actions are chosen: random", default: "random" },
      {
        flag: "--frames <n>",
        type: "int",
        max: 256,
        help: "frames in the filmstrip, evenly spaced over the episode",
        default: 8,
      },
      {
        flag: "--size <pixels>",
        type: "int",
        min: 8,
        max: 2048,
        help: "side of each square frame",
        default: 84,
      },
      {
        flag: "--steps <n>",
        type: "int",
        max: 100_000,
        help: "at most this many env steps (the episode may end sooner)",
        default: 100,
      },
      seed("seed of the env reset and of the random actions", { default: 0 }),
      { flag: "--gif <file.gif>", help: "also write the episode as an animated GIF (plays in real time)" },
      {
        flag: "--columns <n>",
        type: "int",
        max: 256,
        help: "filmstrip frames per row",
        defaultText: "all in one row, at most 8",
      },
      {
        flag: "--distance <m>",
        type: "number",
        help: "camera distance from the robot",
        defaultText: "per environment",
      },
      {
        flag: "--elevation <deg>",
        type: "number",
        help: "camera elevation, negative looks down",
        defaultText: "per environment",
      },
      {
        flag: "--azimuth <deg>",
        type: "number",
        help: "camera azimuth, 90 looks along +y",
        defaultText: "per environment",
      },
      {
        flag: "--lookat <x,y,z>",
        help: "point looked at: x, y relative to the robot and absolute height z (a world point with --fixed)",
      },
      { flag: "--fixed", help: "keep the camera still instead of following the robot" },
      { flag: "--samples <k>", type: "int", max: 8, help: "anti-aliasing: k x k rays per pixel", default: 1 },
      {
        flag: "--keep-going",
        help: "keep stepping after the episode terminates (shows e.g. the fall) until --steps",
      },
      { flag: "--force", help: "overwrite existing output files" },
    ],
    run: action(async () => (await import("../envs/commands/envRender.js")).renderEnvEpisode),
  },
  {
    name: "dataset info",
    description: "sizes, episodes, return statistics, D4RL-normalized return and metadata of a dataset",
    args: [
      {
        name: "file",
        help: "an HDF5 file, or the name of a dataset in the data directory ($ATRADIFF_DATA, default ~/.atradiff/data)",
      },
    ],
    flags: [
      {
        flag: "--env <name>",
        help: "env for the D4RL-normalized return, e.g. hopper",
        defaultText: "named by the file's metadata",
      },
      json(),
    ],
    run: action(async () => (await import("../datasets/commands/datasetInfo.js")).datasetInfo),
  },
  {
    name: "dataset build",
    description:
      "build a D4RL-style dataset <env>-<random|medium|medium-replay|expert|medium-expert> or antmaze-<umaze|medium|large>-<diverse|play> into the data directory",
    args: [
      {
        name: "name",
        help: "e.g. hopper-medium (envs: hopper, halfcheetah, walker2d, ant; pendulum-random; antmaze-umaze-diverse ...)",
      },
    ],
    flags: [
      {
        flag: "--size <n>",
        type: "int",
        help: "rows per rollout dataset (medium-expert: per half; not for medium-replay)",
        defaultText: "1000000",
      },
      seed("rollout seed: episode starts and action noise (not for medium-replay)", { defaultText: "0" }),
      { flag: "--force", help: "replace the dataset if it exists" },
      {
        flag: "--train-policy",
        help: "use this machine's SAC training run for the behavior policy (trained, or resumed from its checkpoints) instead of the committed data/policies/ (AntMaze: the walking-policy run of `dataset train-walker`)",
      },
      {
        flag: "--policy-steps <n>",
        type: "int",
        help: "with --train-policy: the SAC run's length in env steps; it stops earlier once its expert is chosen; a run can be extended, or ended at a step it has passed",
        defaultText: `${schemaDefault(policyTrainingSettingsSchema, "steps")}, D4RL's`,
      },
      json("print the build report as JSON"),
    ],
    run: action(async () => (await import("../datasets/commands/datasetBuild.js")).datasetBuild),
  },
  {
    name: "dataset train-policy",
    description:
      "train or resume the SAC run whose snapshots become <env>'s medium and expert behavior policies (chosen by the normalized score of their sampled-action data); the run stops once both are chosen",
    args: [{ name: "env", help: "hopper, halfcheetah or walker2d" }],
    flags: [
      seed("the run's seed", { defaultText: "0, the run behind data/policies/" }),
      {
        flag: "--steps <n>",
        type: "int",
        help: "the run's length in env steps; a run can be extended, or ended at a step it has passed",
        defaultText: schemaDefault(policyTrainingSettingsSchema, "steps"),
      },
      {
        flag: "--stop-after <n>",
        type: "int",
        help: "stop at the first checkpoint this session writes at or after this step (resume later)",
      },
    ],
    run: action(async () => (await import("../datasets/commands/trainPolicy.js")).trainPolicy),
  },
  {
    name: "dataset train-walker",
    description:
      "train or resume the ant walking policy (SAC on the goal-reaching walking task) that the antmaze-*-diverse/play datasets are collected with",
    flags: [
      {
        flag: "--dir <path>",
        help: "the run's directory",
        defaultText: "<data dir>/policy-training/antwalk-to-goal-sac-seed<seed>",
      },
      seed("a new run's seed", { defaultText: schemaDefault(walkerTrainingSettingsSchema, "seed") }),
      {
        flag: "--steps <n>",
        type: "int",
        help: "a new run's length in env steps",
        defaultText: schemaDefault(walkerTrainingSettingsSchema, "steps"),
      },
      {
        flag: "--random-start-steps <n>",
        type: "int",
        min: 0,
        help: "a new run's uniformly random first steps",
        defaultText: schemaDefault(walkerTrainingSettingsSchema, "randomStartSteps"),
      },
      {
        flag: "--eval-every <n>",
        type: "int",
        help: "a new run's evaluation interval in env steps",
        defaultText: schemaDefault(walkerTrainingSettingsSchema, "evalEvery"),
      },
      {
        flag: "--checkpoint-every <n>",
        type: "int",
        help: "a new run's checkpoint interval in env steps",
        defaultText: schemaDefault(walkerTrainingSettingsSchema, "checkpointEvery"),
      },
      {
        flag: "--stop-after <n>",
        type: "int",
        help: "stop at the first checkpoint this session writes at or after this step (resume later)",
      },
    ],
    run: action(async () => (await import("../datasets/commands/trainWalker.js")).trainWalker),
  },
  {
    name: "train",
    description:
      "train an agent on an env (online, offline or offline-to-online), one worker process per seed",
    // Settings flags stay text: the job's schema validates them with the --config file's (runConfig.ts).
    flags: [
      { flag: "--agent <name>", help: "sac, redq, rlpd, td3bc, iql or bc (required, here or in --config)" },
      {
        flag: "--env <id>",
        help: "environment id (see `atradiff env list`) (required, here or in --config)",
      },
      {
        flag: "--dataset <file>",
        help: "HDF5 dataset (D4RL or Minari layout), a path or a name in the data directory",
      },
      {
        flag: "--mode <mode>",
        help: "online, offline or offline-to-online",
        defaultText: "online; with --dataset: offline for td3bc/iql/bc, else offline-to-online",
      },
      {
        flag: "--steps <n>",
        help: "env steps (online modes) or gradient steps (offline) (required, here or in --config)",
      },
      { flag: "--seeds <list>", help: "comma-separated seeds", defaultText: "0" },
      { flag: "--out <dir>", help: "run directory, e.g. runs/hopper-sac", required: true },
      { flag: "--force", help: "replace a run directory that atradiff made (never any other directory)" },
      { flag: "--config <file>", help: "a JSON file of settings (the flags override it)" },
      {
        flag: "--eval-every <n>",
        help: "evaluate every n steps",
        defaultText: schemaDefault(runSettingsSchema, "evalEvery"),
      },
      {
        flag: "--eval-episodes <n>",
        help: "deterministic episodes per evaluation",
        defaultText: schemaDefault(runSettingsSchema, "evalEpisodes"),
      },
      {
        flag: "--checkpoint-every <n>",
        help: "checkpoint at the first episode end after every n steps",
        defaultText: schemaDefault(runSettingsSchema, "checkpointEvery"),
      },
      {
        flag: "--random-start-steps <n>",
        help: "uniform random actions before learning starts",
        defaultText: schemaDefault(runSettingsSchema, "randomStartSteps"),
      },
      {
        flag: "--batch-size <n>",
        help: "transitions per gradient step",
        defaultText: schemaDefault(runSettingsSchema, "batchSize"),
      },
      {
        flag: "--log-every <n>",
        help: "a metrics.jsonl line every n steps",
        defaultText: schemaDefault(runSettingsSchema, "logEvery"),
      },
      { flag: "--buffer-capacity <n>", help: "replay buffer size", defaultText: "every step of the run" },
      { flag: "--max-episode-steps <n>", help: "episode time limit", defaultText: "the env's" },
      { flag: "--agent-settings <json>", help: `the agent's own settings as JSON, e.g. '{"gamma": 0.98}'` },
      { ...parallel, help: "seeds trained at the same time" },
      {
        flag: "--augment <kind>",
        help: "none, atradiff (generated trajectories, needs --generator), synther or s4rl",
        defaultText: "none",
      },
      {
        flag: "--adapt <indicator>",
        help: "online adaptation of the generator: none, td or reward",
        defaultText: "none",
      },
      { flag: "--generator <dir>", help: "a generator directory written by `atradiff diffuser train`" },
      {
        flag: "--label <name>",
        help: "the method's name in reports",
        defaultText: 'agent + augmentation, e.g. "sac + atradiff"',
      },
      {
        flag: "--rho <x>",
        help: "atradiff: probability that a sampled transition is synthetic",
        defaultText: schemaDefault(augmentedBufferSettingsSchema, "rho"),
      },
      {
        flag: "--expected-length <L>",
        help: "atradiff: mean generated trajectory length",
        defaultText: "measured by a generation pass",
      },
      {
        flag: "--adapt-every <n>",
        help: "env steps between two adaptations of the generator",
        defaultText: schemaDefault(adaptationSettingsSchema, "every"),
      },
      {
        flag: "--augment-settings <json>",
        help: `other augmentation settings as JSON, e.g. '{"synther": {"retrainEvery": 5000}}'`,
      },
    ],
    run: action(async () => (await import("../experiments/commands/train.js")).trainCommand),
  },
  {
    name: "resume",
    description: "continue a stopped or killed `atradiff train` run from its latest checkpoints",
    args: [{ name: "dir", help: "the run directory given to train --out" }],
    flags: [{ ...parallel, help: "seeds trained at the same time" }],
    run: action(async () => (await import("../experiments/commands/resume.js")).resumeCommand),
  },
  {
    name: "report",
    description:
      "learning curves (median and 25-75% band over seeds) and score tables of training runs: report.html, curves.svg, curves.png, scores.md, scores.json, metrics.csv (and TensorBoard scalars with --tensorboard)",
    args: [{ name: "runs", help: "run directories written by `atradiff train`", variadic: true }],
    flags: [
      { flag: "--out <dir>", help: "where to write the report", defaultText: "the first run directory" },
      {
        flag: "--table-steps <list>",
        type: "ints",
        help: "env steps of the score table's columns, shown when reached",
        default: "25000,50000,100000,250000",
      },
      {
        flag: "--tensorboard",
        help: "also write the metrics as TensorBoard scalars: tensorboard/<run>/seed-<s>/ (tensorboard --logdir <report dir>/tensorboard)",
      },
      { flag: "--force", help: "overwrite an existing report" },
    ],
    run: action(async () => (await import("../experiments/commands/report.js")).reportCommand),
  },
  {
    name: "diffuser train",
    description:
      "train the window diffusers, length estimator and pruner on a dataset (resumable: rerun to continue); quick by default (minutes on 2 cores), --scale paper for the paper's generator",
    flags: [
      {
        flag: "--dataset <file|name>",
        help: "an HDF5 dataset file, or a dataset name in the data directory",
        required: true,
      },
      {
        flag: "--out <dir>",
        help: "the generator directory (a partial training there is continued)",
        required: true,
      },
      {
        flag: "--scale <scale>",
        help: `quick: diffusers k = ${schemaDefault(quickScaleSchema, "windowLengths")} of width ${schemaDefault(quickScaleSchema, "denoiserWidth")}, ${schemaDefault(quickScaleSchema, "diffuserSteps")} steps each (minutes; \`atradiff settings quick-scale\`); paper: the generator schema's defaults, k = ${schemaDefault(generatorSettingsSchema, "windowLengths")}, ${schemaDefault(generatorSettingsSchema, "diffusion.training.totalSteps")} steps each (hours)`,
        default: "quick",
      },
      {
        flag: "--lengths <list>",
        type: "ints",
        max: MAX_WINDOW_LENGTH,
        help: "window lengths k of the diffusers",
        defaultText: `${schemaDefault(quickScaleSchema, "windowLengths")}; ${schemaDefault(generatorSettingsSchema, "windowLengths")} with --scale paper`,
      },
      { flag: "--single", help: "one length-conditioned diffuser for the largest k, then pruning" },
      {
        flag: "--task-prompt <kind>",
        help: 'none, onehot, or a JSON file {"embeddings": [[...]]}',
        defaultText: "none",
      },
      {
        flag: "--steps <n>",
        type: "int",
        help: "training steps per diffuser",
        defaultText: `${schemaDefault(quickScaleSchema, "diffuserSteps")}; ${schemaDefault(generatorSettingsSchema, "diffusion.training.totalSteps")} with --scale paper`,
      },
      {
        flag: "--estimator-steps <n>",
        type: "int",
        help: "training steps of the length estimator",
        defaultText: `${schemaDefault(quickScaleSchema, "estimatorSteps")}; ${schemaDefault(generatorSettingsSchema, "estimator.steps")} with --scale paper`,
      },
      { flag: "--no-gate", help: "no plausibility gate, next states as diffused (the paper exactly)" },
      {
        flag: "--next-states <source>",
        help: 'next states and rewards: "diffused" (the paper), "modelRollout" (stepped from the start state by the gate\'s one-step models) or "modelStep" (from each diffused state)',
        defaultText: `${schemaDefault(generatorSettingsSchema, "nextStates")}; diffused with --no-gate`,
      },
      {
        flag: "--gate-steps <n>",
        type: "int",
        help: "training steps of the plausibility gate's models",
        defaultText: `${schemaDefault(quickScaleSchema, "gateSteps")}; ${schemaDefault(generatorSettingsSchema, "plausibilityGate.steps")} with --scale paper`,
      },
      {
        flag: "--width <w>",
        type: "int",
        max: MAX_WIDTH,
        help: `width of the denoiser: per step for the temporal denoiser (${schemaDefault(quickScaleSchema, "denoiserWidth")}; ${schemaDefault(windowDiffusionSettingsSchema, "denoiser.temporal.width")} with --scale paper), of the residual MLP with --settings '{"diffusion":{"denoiser":{"architecture":"residualMlp"}}}' (${schemaDefault(windowDiffusionSettingsSchema, "denoiser.width")})`,
      },
      seed("seed of weights, noise and batch order", { defaultText: "0" }),
      {
        flag: "--settings <json|file>",
        help: "further generator settings (generatorSettings.ts); flags given win, and these win over --scale",
      },
      {
        flag: "--save-every <n>",
        type: "int",
        help: "diffuser steps between saves of the partial training",
        default: 1000,
      },
      { flag: "--force", help: "start over, replacing a generator or partial training in --out" },
    ],
    run: action<DiffuserTrainOptions>(
      async () => (await import("../atradiff/commands/diffuserTrain.js")).diffuserTrain,
    ),
  },
  {
    name: "diffuser sample",
    description: "generate trajectories from start states drawn from a dataset; print lengths and statistics",
    flags: [
      generatorDir,
      { flag: "--from <file|name>", help: "the dataset whose states start the trajectories", required: true },
      { flag: "--n <count>", type: "int", help: "number of trajectories", required: true },
      {
        flag: "--steps <n>",
        type: "int",
        max: MAX_SAMPLER_STEPS,
        help: "sampler steps, e.g. 128, 32 or 16",
        defaultText: "the generator's setting",
      },
      seed("seed of the start states and the sampler", { default: 0 }),
      { flag: "--out <file>", help: "write the trajectories (.json, or .hdf5 in the D4RL layout)" },
      {
        flag: "--render <file.png>",
        help: "draw generated trajectories next to the real ones (hopper, walker2d, halfcheetah)",
      },
      { flag: "--render-rows <n>", type: "int", help: "trajectories drawn by --render", default: 3 },
      {
        flag: "--window-length <k>",
        type: "int",
        max: MAX_WINDOW_LENGTH,
        help: "generate with the diffuser of windows of k steps, whatever the length estimator says",
      },
      {
        flag: "--fidelity",
        help: "replay the generated transitions in the simulator: next-state and reward errors, normalized by the dataset's std (hopper, walker2d, halfcheetah)",
      },
      {
        flag: "--env <id>",
        help: "the env of the dataset for --render and --fidelity",
        defaultText: "its metadata",
      },
      json("print the statistics as one JSON object"),
      { flag: "--force", help: "overwrite existing output files" },
    ],
    run: action<DiffuserSampleOptions>(
      async () => (await import("../atradiff/commands/diffuserSample.js")).diffuserSample,
    ),
  },
  {
    name: "diffuser export",
    description:
      "write a trained generator for sampling only: EMA weights without training weights and optimizer moments (~1/4 the size)",
    flags: [
      generatorDir,
      { flag: "--out <dir>", help: "the directory of the sampling-only generator", required: true },
      { flag: "--force", help: "replace a generator in --out" },
    ],
    run: action(async () => (await import("../atradiff/commands/diffuserExport.js")).diffuserExport),
  },
  {
    name: "diffuser calibrate",
    description:
      "calibrate the pruner's thresholds of a trained generator again on a dataset (diffusers and estimator unchanged)",
    flags: [
      generatorDir,
      {
        flag: "--dataset <file|name>",
        help: "the dataset whose windows calibrate the thresholds",
        required: true,
      },
      { flag: "--on <windows>", help: "generated or real windows", defaultText: "the generator's setting" },
      {
        flag: "--max-generated-error <e>",
        type: "number",
        help: "balanced error above which generated windows are not trusted and real ones are used",
        defaultText: "the generator's setting, 0.25 by default",
      },
      {
        flag: "--windows <n>",
        type: "int",
        help: "start states of each kind per window length",
        defaultText: "the generator's setting",
      },
      {
        flag: "--lengths <list>",
        type: "ints",
        help: "keep only the diffusers of these window lengths, e.g. 5,10,15 (longer estimates then use the largest kept)",
      },
      { flag: "--out <dir>", help: "write the recalibrated generator here instead of in place" },
      { flag: "--force", help: "replace the thresholds in place, or a generator in --out" },
    ],
    run: action<CalibrateOptions>(
      async () => (await import("../atradiff/commands/diffuserCalibrate.js")).diffuserCalibrate,
    ),
  },
  {
    name: "demo",
    description:
      "the headline demo (npm start, ~10 min on 2 free cores): builds a small hopper-medium dataset and ATraDiff generator, trains SAC and SAC+ATraDiff (3 seeds, 25k steps) side by side, writes a report; rerun to continue after Ctrl-C",
    flags: [
      {
        flag: "--out <dir>",
        help: "where the dataset, generator, runs and report go",
        defaultText: "<data dir>/demo",
      },
      parallel,
      {
        ...planForce,
        help: "replace runs and generators that atradiff made with other settings than the demo's (never directories atradiff did not make)",
      },
    ],
    run: action(async () => (await import("../pipeline/commands/demo.js")).demoCommand),
  },
  {
    name: "experiment",
    description:
      "run an experiment end to end, resumably (rerun to continue): central-claim (SAC, SAC+ATraDiff, SAC+SynthER on hopper- and walker2d-medium, 100k steps; many CPU-hours) or a plan JSON file",
    args: [
      {
        name: "name",
        help: "central-claim, or a plan file (.json) shaped like pipeline/pipelinePlan.ts",
      },
    ],
    flags: [
      {
        flag: "--seeds <list>",
        type: "ints",
        min: 0,
        max: MAX_SEED,
        help: "central-claim: seeds (the paper uses 5)",
        defaultText: "0,1,2",
      },
      {
        flag: "--envs <list>",
        help: "central-claim: the envs trained, hopper, walker2d or both; the report shows both",
        defaultText: "hopper,walker2d",
      },
      { flag: "--steps <n>", type: "int", help: "central-claim: env steps per run", defaultText: "100000" },
      {
        flag: "--synther-pretrain",
        help: "central-claim: pre-train SynthER on the dataset before its online runs",
      },
      {
        flag: "--runs-dir <dir>",
        help: "central-claim: where runs and models go",
        defaultText: "runs/central-claim",
      },
      {
        flag: "--results-dir <dir>",
        help: "central-claim: report and published metrics",
        defaultText: "results/central-claim",
      },
      parallel,
      planForce,
    ],
    run: action(async () => (await import("../pipeline/commands/experiment.js")).experimentCommand),
  },
  {
    name: "bench engine",
    description:
      "GEMM GFLOP/s, MLP and denoiser training-step time, native and WebAssembly backends on 1 and 2 threads, against PyTorch and JAX on this machine",
    flags: [json("print JSON instead of tables: one object for GEMM and MLPs, one for the denoiser")],
    run: action(async () => (await import("../bench/engine/engineBenchCommand.js")).benchEngine),
  },
  {
    name: "bench envs",
    description: "env steps/s (one env, and 2 worker threads) and 84x84 frame time for the MuJoCo tasks",
    flags: [json()],
    run: action(async () => (await import("../bench/envs/envBench.js")).runEnvBench),
  },
  {
    name: "bench agents",
    description:
      "gradient updates/s of SAC, REDQ, RLPD, TD3+BC, IQL (hopper-sized), native and WebAssembly backends on 1 and 2 threads, against PyTorch's and JAX's SAC and REDQ",
    flags: [json()],
    run: action(async () => (await import("../bench/agents/agentBench.js")).runAgentBench),
  },
  {
    name: "bench diffusion",
    description:
      "ATraDiff generator: training steps/s, trajectories/s per k and sampler steps, estimator and pruner errors, simulator fidelity vs SynthER and real data (models kept in --work-dir: resumable)",
    flags: [
      json(),
      { flag: "--dataset <name|file>", help: "dataset", defaultText: "hopper-medium, else hopper-random" },
      {
        flag: "--lengths <list>",
        type: "ints",
        help: "window lengths k of the diffusers trained and measured",
        default: "5,10,15,20,25",
      },
      { flag: "--steps <n>", type: "int", help: "training steps per diffuser and of SynthER", default: 2000 },
      {
        flag: "--width <w>",
        type: "int",
        help: "denoiser width (window diffusers: at least their window)",
        default: 256,
      },
      { flag: "--depth <n>", type: "int", help: "residual blocks", default: 3 },
      { flag: "--batch <n>", type: "int", help: "training batch of every model", default: 128 },
      {
        flag: "--estimator-steps <n>",
        type: "int",
        help: "training steps of the length estimator",
        default: 2000,
      },
      {
        flag: "--gate-steps <n>",
        type: "int",
        min: 0,
        help: "training steps of the plausibility gate's models (0: no gate)",
        default: 3000,
      },
      { flag: "--samples <n>", type: "int", help: "start states per generation timing", default: 64 },
      {
        flag: "--timed-steps <n>",
        type: "int",
        help: "training steps timed per model (after 2 warm-up steps)",
        default: 5,
      },
      {
        flag: "--fidelity-starts <n>",
        type: "int",
        help: "held-out start states for fidelity",
        default: 256,
      },
      {
        flag: "--sampler-steps <list>",
        type: "ints",
        help: "sampler step counts timed and measured; the generator samples with the second (or the only) one",
        default: "128,32,16",
      },
      {
        flag: "--work-dir <dir>",
        help: "where trained models are kept",
        defaultText: "~/.atradiff/bench/diffusion-<dataset>",
      },
      { flag: "--retrain", help: "train the models anew even if the work directory holds them" },
      {
        flag: "--single",
        help: "also measure a single length-conditioned diffuser for the largest k against the set (kept in <work-dir>/generator-single)",
      },
      {
        flag: "--architectures <list>",
        help: "instead: compare denoiser architectures (synther, flat-ln, flat, conv, conv-delta, mixer, conv-single) per k, by simulator fidelity against training CPU-seconds (kept in <work-dir>/architectures)",
      },
      {
        flag: "--eval-every <n>",
        type: "int",
        help: "with --architectures: training steps between fidelity measurements",
        default: 500,
      },
      {
        flag: "--temporal-width <n>",
        type: "int",
        help: "with --architectures: the temporal denoiser's width per step",
        default: 128,
      },
      {
        flag: "--temporal-depth <n>",
        type: "int",
        help: "with --architectures: the temporal denoiser's blocks",
        default: 4,
      },
      {
        flag: "--start-state <mode>",
        help: 'with --architectures: the window\'s first state, "given" (trained clean, held exactly) or "inpainted" (the paper\'s)',
        default: "inpainted",
      },
      {
        flag: "--one-step-model-steps <n>",
        type: "int",
        min: 0,
        help: 'with --architectures: also measure every window with its states and rewards re-drawn by one-step models trained this many steps (generator nextStates "modelRollout" and "modelStep"); 0: diffused only',
        default: 0,
      },
      seed("with --architectures: seeds the models, their batches and the held-out starts (a replicate)", {
        default: 0,
      }),
      { flag: "--out <file>", help: "also write the JSON result to this file" },
      { flag: "--force", help: "replace an existing --out file" },
    ],
    run: action(async () => (await import("../bench/diffusion/diffusionBenchCommand.js")).benchDiffusion),
  },
  {
    name: "settings",
    description: "print every setting with its default and one-line doc, grouped by section",
    args: [
      {
        name: "sections",
        help: "only these sections (see the page's headings)",
        variadic: true,
        optional: true,
      },
    ],
    flags: [json("print the sections as JSON")],
    run: action(async () => (await import("../settings/printSettings.js")).printSettings),
  },
];
