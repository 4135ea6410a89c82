// `atradiff dataset train-policy <env>`: trains or resumes the SAC run whose snapshots become the
// env's medium and expert behavior policies (src/datasets/policyTraining.ts), with a progress bar,
// without building a dataset. The same run serves `dataset build <env>-<kind> --train-policy`. An
// existing run resumes from its last checkpoint; `--stop-after` ends this session at the first
// checkpoint at or after a step.
import type { Command } from "commander";
import { policyTrainingSettingsSchema } from "../settings/datasets.js";
import { helpWithDefault } from "../settings/schemaFields.js";
import { MAX_SEED } from "../settings/types.js";
import { formatDuration } from "../util/progress.js";
import { datasetCommandGroup } from "./datasetCommand.js";
import { optionalInt } from "./intOptions.js";
import { withPolicyProgress } from "./policyProgress.js";

interface PolicyTrainOptions {
  seed?: string;
  steps?: string;
  stopAfter?: string;
}

function score(x: number | undefined): string {
  return x === undefined ? "-" : x.toFixed(1);
}

export function registerPolicyTrainCommand(program: Command): void {
  datasetCommandGroup(program)
    .command("train-policy")
    .description(
      "train or resume the SAC run whose snapshots become <env>'s medium and expert behavior policies (chosen by the normalized score of their sampled-action data); the run stops once both are chosen",
    )
    .argument("<env>", "hopper, halfcheetah or walker2d")
    .option("--seed <s>", "the run's seed (default 0: the run behind data/policies/)")
    .option(
      "--steps <n>",
      `${helpWithDefault("the run's length in env steps", policyTrainingSettingsSchema, "steps")}; a run can be extended, or ended at a step it has passed`,
    )
    .option(
      "--stop-after <n>",
      "stop at the first checkpoint this session writes at or after this step (resume later)",
    )
    .action(async (env: string, opts: PolicyTrainOptions) => {
      const seed = optionalInt("--seed", opts.seed, { min: 0, max: MAX_SEED });
      const steps = optionalInt("--steps", opts.steps);
      const stopAfter = optionalInt("--stop-after", opts.stopAfter);
      const { familyOf, parseDatasetName } = await import("../datasets/datasetNames.js");
      const family = familyOf(parseDatasetName(`${env}-medium`).env);
      const { policyTrainingDirectory, policyTrainingSettingsFor } = await import(
        "../datasets/policyTrainingPlan.js"
      );
      if (!family) throw new Error(`${env} has no behavior-policy recipe.`);
      const settings = { ...policyTrainingSettingsFor(family, seed), ...(steps ? { steps } : {}) };
      const { trainBehaviorPolicies } = await import("../datasets/policyTraining.js");
      const outcome = await withPolicyProgress(`${env} policies`, (onProgress) =>
        trainBehaviorPolicies(policyTrainingDirectory(env, seed), settings, { stopAfter, onProgress }),
      );
      const { dir, medium, expert } = outcome;
      const last = dir.dataScores().at(-1);
      console.log(`run         ${dir.root}`);
      console.log(
        `steps       ${outcome.step}${expert ? " (finished)" : " (resume: the same command, without --stop-after or with a later step)"}`,
      );
      console.log(
        `last score  ${last ? `data score ${score(last.screen.score)} at step ${last.step}` : "no snapshot scored yet"}`,
      );
      for (const [kind, r, path] of [
        ["medium", medium, dir.mediumPolicy],
        ["expert", expert, dir.expertPolicy],
      ] as const)
        console.log(
          `${kind.padEnd(11)} ${r ? `data score ${score(r.data.score)} (target ${r.targetScore}) at step ${r.step}, after ${formatDuration(r.wallSeconds)} of training -> ${path}` : "not chosen yet"}`,
        );
    });
}
