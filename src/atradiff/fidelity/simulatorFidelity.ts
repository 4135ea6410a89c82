// Fidelity of transitions (s, a, r, s') in the simulator: put MuJoCo in state s
// (setStateFromObservation), apply a, and compare the simulated next state and reward with the
// given ones. Errors are normalized per dimension by the dataset's standard deviation, so that 1
// means "as far off as a typical state is from the mean". Real transitions give ~0 (float32
// rounding), except where an observed velocity sat at the observation's clip bound (Hopper and
// Walker2d clip at +-10): the true state is unknown there, so those are counted separately.
import type { Batch } from "../../data/batch.js";
import type { PlanarLocomotionEnv } from "../../envs/mujoco/planarLocomotionEnv.js";
import type { FidelityScales } from "./fidelityScales.js";

export interface FidelityResult {
  /** Transitions simulated. */
  count: number;
  /** Mean over transitions and dimensions of ((simulated s' - given s') / std)^2. */
  stateNmse: number;
  /** Mean over transitions of ((simulated r - given r) / reward std)^2. */
  rewardNmse: number;
  /** stateNmse per state dimension. */
  stateNmsePerDimension: number[];
  /** Transitions whose start state had a velocity at the clip bound (not exactly reproducible). */
  clippedStarts: number;
  /** stateNmse and rewardNmse over the other transitions (NaN when there are none). */
  stateNmseExactStarts: number;
  rewardNmseExactStarts: number;
  /** Actions outside the env's bounds, clipped before simulating. */
  clippedActions: number;
}

/** Maps an action of the agents' [-1, 1] space (the datasets' convention) to the env's box, clipped. */
function envAction(env: PlanarLocomotionEnv, a: Float32Array, out: Float64Array): boolean {
  const { low, high } = env.actionSpace;
  let clipped = false;
  for (let i = 0; i < out.length; i++) {
    let v = a[i];
    if (v < -1 || v > 1) {
      clipped = true;
      v = Math.min(Math.max(v, -1), 1);
    }
    out[i] = low[i] + ((v + 1) / 2) * (high[i] - low[i]);
  }
  return clipped;
}

export function measureSimulatorFidelity(
  env: PlanarLocomotionEnv,
  transitions: Batch,
  scales: FidelityScales,
): FidelityResult {
  const { obsDim: o, actDim: a, size } = transitions;
  if (scales.stateStd.length !== o)
    throw new Error(
      `The fidelity scales hold ${scales.stateStd.length} state dimensions, the transitions ${o}.`,
    );
  if (env.actionSpace.low.length !== a)
    throw new Error(
      `The env takes actions of ${env.actionSpace.low.length} values, the transitions hold ${a}.`,
    );
  if (size === 0) throw new Error("Fidelity needs at least one transition, got none.");
  const perDim = new Float64Array(o);
  const action = new Float64Array(a);
  let reward = 0;
  let clippedStarts = 0;
  let clippedActions = 0;
  let exactState = 0;
  let exactReward = 0;
  for (let i = 0; i < size; i++) {
    const exact = env.setStateFromObservation(transitions.obs.subarray(i * o, (i + 1) * o));
    if (envAction(env, transitions.action.subarray(i * a, (i + 1) * a), action)) clippedActions++;
    const r = env.step(action);
    let stateError = 0;
    for (let d = 0; d < o; d++) {
      const e = ((r.obs[d] - transitions.nextObs[i * o + d]) / scales.stateStd[d]) ** 2;
      perDim[d] += e;
      stateError += e;
    }
    const rewardError = ((r.reward - transitions.reward[i]) / scales.rewardStd) ** 2;
    reward += rewardError;
    if (exact) {
      exactState += stateError / o;
      exactReward += rewardError;
    } else clippedStarts++;
  }
  const exactCount = size - clippedStarts;
  const stateNmsePerDimension = Array.from(perDim, (s) => s / size);
  return {
    count: size,
    stateNmse: stateNmsePerDimension.reduce((s, v) => s + v, 0) / o,
    rewardNmse: reward / size,
    stateNmsePerDimension,
    clippedStarts,
    stateNmseExactStarts: exactCount > 0 ? exactState / exactCount : Number.NaN,
    rewardNmseExactStarts: exactCount > 0 ? exactReward / exactCount : Number.NaN,
    clippedActions,
  };
}
