// How the generator turns a sampled window into a trajectory (ATraDiff §4.1, Figure 2 left, the
// last stage): cut at the terminal step when the window's terminal channels show one, else where
// the pruner finds the repeated tail (trajectory.ts, pruner.ts). One function, so that the same
// conversion can be checked on real windows (test/atradiff/windowCutFidelity.test.ts).

import { type Trajectory, terminalLength, windowToTrajectory } from "../windows/trajectory.js";
import { type WindowLayout, windowStates, windowWidth } from "../windows/windowLayout.js";
import type { GapWeighting } from "./pruner.js";
import { prunedLength } from "./pruner.js";
import { adjacentSimilarities } from "./stateSimilarity.js";

export interface WindowCut {
  layout: WindowLayout;
  /** Terminal channels above it are raised (generator setting terminalThreshold). */
  terminalThreshold: number;
  /** The pruner's threshold for this window length. */
  prunerThreshold: number;
  gapWeighting: GapWeighting;
  /** Per-dimension state std that scales the pruner's similarity. */
  stateStd: ArrayLike<number>;
}

/** Window `index` of `rows` (windows of k steps, back to back) as a trajectory. */
export function cutWindow(
  cut: WindowCut,
  k: number,
  rows: ArrayLike<number>,
  index: number,
  estimatedLength: number,
): Trajectory {
  const { layout } = cut;
  const start = index * windowWidth(layout, k);
  const ended = terminalLength(layout, k, rows, cut.terminalThreshold, start);
  if (ended > 0) return windowToTrajectory(layout, k, rows, ended, true, estimatedLength, start);
  const states = windowStates(layout, k, rows, start);
  const length = prunedLength(
    adjacentSimilarities(states, cut.stateStd),
    cut.prunerThreshold,
    cut.gapWeighting,
  );
  return windowToTrajectory(layout, k, rows, length, false, estimatedLength, start);
}
