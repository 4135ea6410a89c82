// The pruner's cut error on real windows (§4.1): for windows of the largest length k from held-out
// episodes, |kept length - true length|, where the true length is the steps before the padded
// tail (min(remaining steps, k)). Windows that end in a terminal step are left out: generated
// trajectories end there by their terminal flags, not by the pruner.
import type { Rng } from "../../engine/rng.js";
import { prunedLength } from "../pruner.js";
import { adjacentSimilarities } from "../stateSimilarity.js";
import type { TrainingData } from "../trainingEpisodes.js";
import { TrainingWindows } from "../trainingWindows.js";
import type { TrajectoryGenerator } from "../trajectoryGenerator.js";
import { windowStates } from "../windowLayout.js";

export interface PrunerCutError {
  windowLength: number;
  windows: number;
  /** Mean |kept - true| in steps. */
  meanAbsoluteError: number;
  /** Fraction of windows cut at exactly the true length. */
  exact: number;
}

export function prunerCutError(
  generator: TrajectoryGenerator,
  heldOut: TrainingData,
  maxWindows: number,
  rng: Rng,
): PrunerCutError {
  const k = generator.windowLengths[generator.windowLengths.length - 1];
  const windows = new TrainingWindows(heldOut, k, generator.layout.modelTerminals);
  const stateStd = generator.stepNormalizer.std.subarray(0, heldOut.obsDim);
  const threshold = generator.prunerThresholds.get(k) ?? 0;
  const row = new Float32Array(windows.width);
  let count = 0;
  let error = 0;
  let exact = 0;
  for (let tries = 0; tries < 4 * maxWindows && count < maxWindows; tries++) {
    const i = rng.int(windows.count);
    if (windows.containsTerminal(i)) continue;
    windows.writeRow(i, row);
    const states = windowStates(windows.layout, k, row);
    const kept = prunedLength(
      adjacentSimilarities(states, stateStd),
      threshold,
      generator.settings.pruner.gapWeighting,
    );
    const truth = Math.min(windows.remainingLength(i), k);
    error += Math.abs(kept - truth);
    if (kept === truth) exact++;
    count++;
  }
  return {
    windowLength: k,
    windows: count,
    meanAbsoluteError: count > 0 ? error / count : Number.NaN,
    exact: count > 0 ? exact / count : Number.NaN,
  };
}
