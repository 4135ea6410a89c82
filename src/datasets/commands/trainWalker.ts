// `atradiff dataset train-walker`: trains or resumes the SAC run of the ant walking policy that the
// AntMaze dataset recipes follow waypoints with (src/datasets/antmaze/walkerTraining.ts), with a
// progress bar. An existing run resumes from its last checkpoint with the settings it was started
// with; `--stop-after` ends this session at the first checkpoint at or after a step.

import { formatDuration } from "../../util/progress.js";
import { trainWalkingPolicy, walkerTrainingDirectory } from "../antmaze/walkerTraining.js";
import type { WalkerTrainingSettingsInput } from "../antmaze/walkerTrainingSettings.js";
import { withPolicyProgress } from "./policyProgress.js";

export interface TrainWalkerOptions {
  dir?: string;
  seed?: number;
  steps?: number;
  randomStartSteps?: number;
  evalEvery?: number;
  checkpointEvery?: number;
  stopAfter?: number;
}

/** The run settings given on the command line, or undefined when none (resume as started). */
function settingsFrom(opts: TrainWalkerOptions): WalkerTrainingSettingsInput | undefined {
  const { seed, steps, randomStartSteps, evalEvery, checkpointEvery } = opts;
  const given: Record<string, number | undefined> = {
    seed,
    steps,
    randomStartSteps,
    evalEvery,
    checkpointEvery,
  };
  const set = Object.entries(given).filter((e): e is [string, number] => e[1] !== undefined);
  return set.length === 0 ? undefined : Object.fromEntries(set);
}

export async function trainWalker(opts: TrainWalkerOptions): Promise<void> {
  const settings = settingsFrom(opts);
  const { stopAfter } = opts;
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
}
