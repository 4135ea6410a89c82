// The pruner's cut error on real windows (§4.1), for each window length k: over held-out windows
// that start where the generator would use the k diffuser (usagePopulation: k = 10 gets states 6-10
// steps from the end, k = 25 every state 21 or more), |kept length - true length|, where the true
// length is the steps before the padded tail (min(remaining steps, k)). Windows that end in a
// terminal step are left out: generated trajectories end there by their terminal flags, not by the
// pruner. Up to maxWindows windows per k, drawn uniformly from the population (its natural mix of
// padded and clean windows).

import { prunedLength } from "../../atradiff/generator/pruner.js";
import { populationWindows, usagePopulation } from "../../atradiff/generator/prunerCalibration.js";
import { adjacentSimilarities } from "../../atradiff/generator/stateSimilarity.js";
import type { TrajectoryGenerator } from "../../atradiff/generator/trajectoryGenerator.js";
import type { TrainingData } from "../../atradiff/windows/trainingEpisodes.js";
import { TrainingWindows } from "../../atradiff/windows/trainingWindows.js";
import { windowStates } from "../../atradiff/windows/windowLayout.js";
import type { Rng } from "../../engine/rng.js";

export interface PrunerCutError {
  windowLength: number;
  windows: number;
  /** Share of the measured windows that are padded (should be cut). */
  paddedShare: number;
  /** Mean |kept - true| in steps. */
  meanAbsoluteError: number;
  /** Fraction of windows cut at exactly the true length. */
  exact: number;
}

export function prunerCutErrors(
  generator: TrajectoryGenerator,
  heldOut: TrainingData,
  maxWindows: number,
  rng: Rng,
): PrunerCutError[] {
  const { mode, pruner } = generator.settings;
  const ks =
    mode === "single"
      ? [generator.windowLengths[generator.windowLengths.length - 1]]
      : generator.windowLengths;
  const stateStd = generator.stepNormalizer.std.subarray(0, heldOut.obsDim);
  return ks.map((k) => {
    const windows = new TrainingWindows(heldOut, k, generator.layout.modelTerminals);
    const population = usagePopulation(generator.windowLengths, mode, k);
    const drawn = rng.sampleInPlace(populationWindows(windows, population, true), maxWindows);
    const threshold = generator.prunerThresholds.get(k) ?? 0;
    const row = new Float32Array(windows.width);
    let error = 0;
    let exact = 0;
    let padded = 0;
    for (const i of drawn) {
      windows.writeRow(i, row);
      const kept = prunedLength(
        adjacentSimilarities(windowStates(windows.layout, k, row), stateStd),
        threshold,
        pruner.gapWeighting,
      );
      const truth = Math.min(windows.remainingLength(i), k);
      if (truth < k) padded++;
      error += Math.abs(kept - truth);
      if (kept === truth) exact++;
    }
    const n = drawn.length;
    return {
      windowLength: k,
      windows: n,
      paddedShare: n > 0 ? padded / n : Number.NaN,
      meanAbsoluteError: n > 0 ? error / n : Number.NaN,
      exact: n > 0 ? exact / n : Number.NaN,
    };
  });
}
