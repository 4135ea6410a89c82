// `atradiff dataset train-walker`: trains or resumes the SAC run of the ant walking policy that the
// AntMaze dataset recipes follow waypoints with (src/datasets/antmaze/walkerTraining.ts), with a
// progress bar. An existing run resumes from its last checkpoint with the settings it was started
// with; `--stop-after` ends this session at the first checkpoint at or after a step.
import type { Command } from "commander";
import type { WalkerTrainingSettingsInput } from "../datasets/antmaze/walkerTrainingSettings.js";
import { walkerTrainingSettingsSchema } from "../settings/datasets.js";
import { helpWithDefault } from "../settings/schemaFields.js";
import { MAX_SEED } from "../settings/types.js";
import { formatDuration } from "../util/progress.js";
import { datasetCommandGroup } from "./datasetCommand.js";
import { optionalInt } from "./intOptions.js";
import { withPolicyProgress } from "./policyProgress.js";

interface WalkerCommandOptions {
  dir?: string;
  seed?: string;
  steps?: string;
  randomStartSteps?: string;
  evalEvery?: string;
  checkpointEvery?: string;
  stopAfter?: string;
}

const count = (flag: string, text: string | undefined, min: number) =>
  optionalInt(flag, text, { min, max: flag === "--seed" ? MAX_SEED : undefined });

/** The run settings given on the command line, or undefined when none (resume as started). */
function settingsFrom(opts: WalkerCommandOptions): WalkerTrainingSettingsInput | undefined {
  const given: Record<string, number | undefined> = {
    seed: count("--seed", opts.seed, 0),
    steps: count("--steps", opts.steps, 1),
    randomStartSteps: count("--random-start-steps", opts.randomStartSteps, 0),
    evalEvery: count("--eval-every", opts.evalEvery, 1),
    checkpointEvery: count("--checkpoint-every", opts.checkpointEvery, 1),
  };
  const set = Object.entries(given).filter((e): e is [string, number] => e[1] !== undefined);
  return set.length === 0 ? undefined : Object.fromEntries(set);
}

export function registerWalkerTrainCommand(program: Command): void {
  datasetCommandGroup(program)
    .command("train-walker")
    .description(
      "train or resume the ant walking policy (SAC on the goal-reaching walking task) that the antmaze-*-diverse/play datasets are collected with",
    )
    .option(
      "--dir <path>",
      "the run's directory (default <data dir>/policy-training/antwalk-to-goal-sac-seed<seed>)",
    )
    .option("--seed <s>", helpWithDefault("a new run's seed", walkerTrainingSettingsSchema, "seed"))
    .option(
      "--steps <n>",
      helpWithDefault("a new run's length in env steps", walkerTrainingSettingsSchema, "steps"),
    )
    .option(
      "--random-start-steps <n>",
      helpWithDefault(
        "a new run's uniformly random first steps",
        walkerTrainingSettingsSchema,
        "randomStartSteps",
      ),
    )
    .option(
      "--eval-every <n>",
      helpWithDefault(
        "a new run's evaluation interval in env steps",
        walkerTrainingSettingsSchema,
        "evalEvery",
      ),
    )
    .option(
      "--checkpoint-every <n>",
      helpWithDefault(
        "a new run's checkpoint interval in env steps",
        walkerTrainingSettingsSchema,
        "checkpointEvery",
      ),
    )
    .option(
      "--stop-after <n>",
      "stop at the first checkpoint this session writes at or after this step (resume later)",
    )
    .action(async (opts: WalkerCommandOptions) => {
      const settings = settingsFrom(opts);
      const stopAfter = count("--stop-after", opts.stopAfter, 1);
      const { trainWalkingPolicy, walkerTrainingDirectory } = await import(
        "../datasets/antmaze/walkerTraining.js"
      );
      const dir = opts.dir ?? walkerTrainingDirectory(settings?.seed ?? 0);
      const outcome = await withPolicyProgress("walking policy", (onProgress) =>
        trainWalkingPolicy(dir, settings, { stopAfter, onProgress }),
      );
      const best = outcome.best;
      console.log(`run         ${outcome.dir.root}`);
      console.log(
        `steps       ${outcome.step} of ${outcome.settings.steps}${outcome.finished ? " (finished)" : " (resume: the same command without --stop-after, or with a later step)"}`,
      );
      console.log(
        `best        ${best ? `evaluation return ${best.evalReturnMean.toFixed(1)} at step ${best.step}, after ${formatDuration(best.wallSeconds)} of training -> ${outcome.dir.bestPolicy}` : "no evaluation yet"}`,
      );
    });
}
