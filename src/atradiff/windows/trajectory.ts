// A generated trajectory (ATraDiff §4.1-4.2): variable-length transitions (s_j, a_j, r_j, s_{j+1},
// terminal_j), chained (the next state of step j is the state of step j + 1), held column-wise
// like a replay buffer's Batch so that Algorithm 1 can store it as it is.
//
// From a window (windowLayout.ts) to a trajectory:
// - when the terminal channels say the episode ended within the window (terminalLength), the
//   trajectory ends at that step, included, flagged terminal (the MDP ended there; its next state
//   never enters a target value). The pruner is not needed then: in the training data every step
//   after a terminal one is padding;
// - otherwise it keeps the pruner's length (pruner.ts); no step is terminal;
// - the next state of the last kept step is the window's next state at that position (windows
//   hold k + 1 states), so no kept step lacks one;
// - then its actions are clipped to the action space (actionClip.ts) and, with the plausibility gate
//   on, it is cut before its first implausible step (plausibilityGate.ts): it may end empty.
import type { Batch } from "../../data/batch.js";
import {
  actionOffset,
  rewardOffset,
  stateOffset,
  terminalOffset,
  type WindowLayout,
} from "./windowLayout.js";

export interface Trajectory extends Batch {
  /** k of the diffuser that generated it. */
  windowLength: number;
  /** The length estimator's remaining-length estimate at the start state, in steps. */
  estimatedLength: number;
  /** Steps cut from the window, before the plausibility gate (size when it kept them all). */
  generatedSteps: number;
  /** Steps whose generated action had a component outside the action space (clipped since). */
  clippedActionSteps: number;
}

/**
 * Where the episode ends in a window, read from its terminal channels: the steps kept up to and
 * including the terminal one (1-based), or 0 for no terminal step. In the training windows the
 * flags are 0 before the terminal step and 1 from it to the end (padded steps copy it), so the
 * flags (thresholded) are fitted with that step pattern: the end j with the fewest flags
 * disagreeing (1 before j, 0 from j on); ties go to "no terminal step". A lone flag that the rest
 * of the window contradicts therefore does not end the trajectory.
 */
export function terminalLength(
  layout: WindowLayout,
  k: number,
  row: ArrayLike<number>,
  threshold: number,
  rowStart = 0,
): number {
  if (!layout.modelTerminals) return 0;
  let onesBefore = 0;
  let zerosFrom = 0;
  for (let j = 0; j < k; j++) if (!(row[rowStart + terminalOffset(layout, j)] > threshold)) zerosFrom++;
  let best = { end: 0, disagreements: k - zerosFrom }; // no terminal: every raised flag disagrees
  for (let j = 0; j < k; j++) {
    const disagreements = onesBefore + zerosFrom;
    if (disagreements < best.disagreements) best = { end: j + 1, disagreements };
    if (row[rowStart + terminalOffset(layout, j)] > threshold) onesBefore++;
    else zerosFrom--;
  }
  return best.end;
}

/** The first `length` steps of window row (at rowStart) as a trajectory. */
export function windowToTrajectory(
  layout: WindowLayout,
  k: number,
  row: ArrayLike<number>,
  length: number,
  terminalAtEnd: boolean,
  estimatedLength: number,
  rowStart = 0,
): Trajectory {
  const { obsDim: o, actDim: a } = layout;
  if (!Number.isInteger(length) || length < 1 || length > k)
    throw new Error(`A trajectory cut from a window of ${k} steps must keep 1 to ${k} steps, got ${length}.`);
  const t: Trajectory = {
    size: length,
    obsDim: o,
    actDim: a,
    obs: new Float32Array(length * o),
    action: new Float32Array(length * a),
    reward: new Float32Array(length),
    nextObs: new Float32Array(length * o),
    terminal: new Float32Array(length),
    windowLength: k,
    estimatedLength,
    generatedSteps: length,
    clippedActionSteps: 0,
  };
  for (let j = 0; j < length; j++) {
    const s = rowStart + stateOffset(layout, j);
    const next = rowStart + stateOffset(layout, j + 1);
    const act = rowStart + actionOffset(layout, j);
    for (let d = 0; d < o; d++) {
      t.obs[j * o + d] = row[s + d];
      t.nextObs[j * o + d] = row[next + d];
    }
    for (let d = 0; d < a; d++) t.action[j * a + d] = row[act + d];
    t.reward[j] = row[rowStart + rewardOffset(layout, j)];
  }
  if (terminalAtEnd) t.terminal[length - 1] = 1;
  return t;
}

/**
 * The first n steps of t (the plausibility gate's cut): 0 gives an empty trajectory; a terminal
 * last step cut away leaves no terminal step. The counts stay those of the whole generated t.
 */
export function firstSteps(t: Trajectory, n: number): Trajectory {
  if (!Number.isInteger(n) || n < 0 || n > t.size)
    throw new Error(`A trajectory of ${t.size} steps cannot keep its first ${n}.`);
  if (n === t.size) return t;
  const { obsDim: o, actDim: a } = t;
  return {
    ...t,
    size: n,
    obs: t.obs.slice(0, n * o),
    action: t.action.slice(0, n * a),
    reward: t.reward.slice(0, n),
    nextObs: t.nextObs.slice(0, n * o),
    terminal: t.terminal.slice(0, n),
  };
}
