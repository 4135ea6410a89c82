// A trained generator's pruner (§4.1) calibrated again, and the one-line description of a
// calibration that `diffuser train`, `diffuser calibrate` and the bench print.

import { setImmediate } from "node:timers/promises";
import type { ProgressTask } from "../../util/progress.js";
import { type GeneratorSettings, parseGeneratorSettings } from "../generator/generatorSettings.js";
import { balancedError, type PrunerCalibration } from "../generator/prunerCalibration.js";
import type { TrajectoryGenerator } from "../generator/trajectoryGenerator.js";
import type { TrainingData } from "../windows/trainingEpisodes.js";
import { assembleGenerator, calibratePruner } from "./generatorTraining.js";

/** One line per window length: the threshold, what it was calibrated on, and how it does. */
export function describeCalibration(k: number, c: PrunerCalibration, threshold: number): string {
  const pct = (x: number) => `${(100 * x).toFixed(0)}%`;
  const rates = (r: Pick<PrunerCalibration, "paddedMissed" | "cleanCut">) =>
    `misses ${pct(r.paddedMissed)} of padded windows and cuts ${pct(r.cleanCut)} of clean ones`;
  const fixed =
    threshold === c.threshold ? "" : ` (fixed by the settings; calibrated ${c.threshold.toFixed(3)})`;
  const line = `k=${k}: ${threshold.toFixed(3)}${fixed} from ${c.source} windows (${pct(c.paddedShare)} of this diffuser's starts are padded), where it ${rates(c)}`;
  if (!c.rejected) return line;
  const error = balancedError(c.rejected).toFixed(2);
  return `${line}; generated windows did not separate (balanced error ${error}), and on them it ${rates(c.rejected.atThisThreshold)}`;
}

/**
 * The generator with its pruner calibrated again on `data` under `settings` (the generator's own
 * settings with other pruner settings, or fewer window lengths); it shares the estimator, the
 * plausibility gate and the diffusers of `old` that `settings` keeps. Each diffuser is calibrated
 * with the seed stream the training gives its position (generatorTraining.ts).
 */
export async function recalibrated(
  old: TrajectoryGenerator,
  data: TrainingData,
  settings: GeneratorSettings,
  track: (label: string, total: number, start: number) => ProgressTask,
): Promise<TrajectoryGenerator> {
  const diffusers = old.diffusers.filter(
    (d) => settings.mode === "single" || settings.windowLengths.includes(d.windowLength),
  );
  const task = track("pruner calibration", diffusers.length, 0);
  const calibration = new Map<number, PrunerCalibration>();
  for (const [i, diffuser] of diffusers.entries()) {
    await setImmediate();
    const c = calibratePruner(data, settings, diffuser, old.prompt, old.stepNormalizer, i);
    calibration.set(diffuser.windowLength, c);
    task.update(i + 1, { k: diffuser.windowLength, threshold: c.threshold, on: c.source });
  }
  task.finish();
  return assembleGenerator(
    {
      settings,
      layout: old.layout,
      stepNormalizer: old.stepNormalizer,
      estimator: old.estimator,
      diffusers,
      gate: old.gate,
    },
    calibration,
  );
}

/**
 * The generator cut down to some of its window diffusers (e.g. the short ones, whose windows stay
 * physical), its pruner calibrated for the new split of start states; it shares the estimator and
 * the kept diffusers of `old`. The estimator still predicts up to the old largest length, and
 * longer estimates round to the largest kept window (presetLength.ts).
 */
export async function withWindowLengths(
  old: TrajectoryGenerator,
  data: TrainingData,
  windowLengths: readonly number[],
  track: (label: string, total: number, start: number) => ProgressTask,
  pruner: Partial<GeneratorSettings["pruner"]> = {},
): Promise<TrajectoryGenerator> {
  checkKeptLengths(old.settings, windowLengths);
  const settings = parseGeneratorSettings({
    ...old.settings,
    windowLengths: [...windowLengths],
    pruner: { ...old.settings.pruner, ...pruner },
  });
  return recalibrated(old, data, settings, track);
}

/** Throws one sentence unless `kept` are some of the window lengths of a several-diffuser generator. */
function checkKeptLengths(settings: GeneratorSettings, kept: readonly number[]): void {
  const own = settings.windowLengths;
  if (settings.mode !== "multiple" && kept.join(",") !== own.join(","))
    throw new Error(
      "Only a generator of several window diffusers can keep some of them; this one has a single diffuser.",
    );
  const missing = kept.find((k) => !own.includes(k));
  if (missing !== undefined)
    throw new Error(
      `Window length ${missing} is not one of the generator's window lengths ${own.join(",")}.`,
    );
}
