// `atradiff dataset train-policy <env>`: trains or resumes the SAC run whose snapshots become the
// env's medium and expert behavior policies (src/datasets/policyTraining.ts), with a progress bar,
// without building a dataset. The same run serves `dataset build <env>-<kind> --train-policy`. An
// existing run resumes from its last checkpoint; `--stop-after` ends this session at the first
// checkpoint at or after a step.
import { formatDuration } from "../../util/progress.js";
import { familyOf, parseDatasetName } from "../datasetNames.js";
import { trainBehaviorPolicies } from "../policyTraining.js";
import { policyTrainingDirectory, policyTrainingSettingsFor } from "../policyTrainingPlan.js";
import { withPolicyProgress } from "./policyProgress.js";

export interface TrainPolicyOptions {
  seed?: number;
  steps?: number;
  stopAfter?: number;
}

function score(x: number | undefined): string {
  return x === undefined ? "-" : x.toFixed(1);
}

export async function trainPolicy(opts: TrainPolicyOptions, [env]: string[]): Promise<void> {
  const { seed, steps, stopAfter } = opts;
  const family = familyOf(parseDatasetName(`${env}-medium`).env);
  if (!family) throw new Error(`${env} has no behavior-policy recipe.`);
  const settings = { ...policyTrainingSettingsFor(family, seed), ...(steps ? { steps } : {}) };
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
}
