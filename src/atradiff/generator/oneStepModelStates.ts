// Next states and rewards from the learned one-step models (ours, not the paper's; the generator
// setting nextStates; "diffused" keeps the paper's). A generated trajectory keeps its real start
// state s_1, its diffused actions, its length and its terminal flags; with f = the plausibility
// gate's ensemble mean of (s' - s, r):
//
//   "modelRollout": the states are re-drawn by stepping the models from s_1, so the trajectory stays
//     chained (the next state of step j is the state of step j + 1):
//       s_{j+1} = s_j + f(s_j, a_j)[state],  r_j = f(s_j, a_j)[reward],  j = 1 .. T
//   "modelStep": each step keeps its diffused state and gets its next state and reward from it:
//       s'_j = s_j + f(s_j, a_j)[state],  r_j = f(s_j, a_j)[reward]
//     Steps are then no longer chained (s'_j is not s_{j+1}); every transition is still one the
//     models find physical, and no error compounds along the trajectory.
//
// Why: the window diffusers learn a window's joint distribution, and their steps obey the dynamics
// only as well as that joint fit; one-step models fitted to the same offline data learn the local map
// (s, a) -> (s' - s, r) directly. Measured on walker2d-medium (results/denoiser-architecture.md,
// "Next states from the one-step models"), the diffused transitions replay in the simulator at a
// next-state NMSE of about 0.2 after 1,600 CPU-seconds of diffuser training, where the gate's models
// reach 0.005 on held-out real steps after 330 CPU-seconds, and re-drawn windows replay at 0.031-0.043.
// The diffuser still decides what matters to
// the agent: where the trajectory goes (its actions, i.e. the behavior it imagines from s_1) and
// how long it runs; the models make each step physical.
//
// What stays as generated: the actions (clipped before this), the length and the terminal flags
// (the window's terminal channel). A terminal flag is therefore the diffuser's judgement on its own
// states, not a check of the re-drawn ones; the agents use it only to drop the bootstrap term.
// With "modelRollout" errors compound along a trajectory (each step starts from the models' previous
// state), as in model-based RL; with "modelStep" they do not, but the states are the diffuser's. The
// bench reports the error by position for both. The generator then cuts a trajectory where the
// models disagree beyond what held-out real steps show (PlausibilityGate.keptLengths), as MBPO/MOPO
// treat the ensemble's disagreement as the uncertainty of a model rollout.
import type { Trajectory } from "../windows/trajectory.js";
import type { GateShape } from "./plausibilityGate.js";

/** What re-drawing needs of the one-step models: the plausibility gate is one. */
export interface OneStepPredictor {
  readonly shape: GateShape;
  /** [s' - s, r] for the first n steps of (obs, action): n x (obsDim + 1). */
  predict(obs: ArrayLike<number>, action: ArrayLike<number>, n: number): Float32Array;
}

export type ModelRedraw = "modelRollout" | "modelStep";

/**
 * Re-draws, in place, each trajectory's next states and rewards with the gate's one-step models
 * ("modelRollout": also its states s_2 .. s_T, stepping from s_1; see the header). Batched: one
 * forward pass per step position ("modelRollout"), or one per trajectory ("modelStep").
 */
export function redrawWithOneStepModel(
  trajectories: readonly Trajectory[],
  gate: OneStepPredictor,
  mode: ModelRedraw,
): void {
  const { obsDim: o, actDim: a } = gate.shape;
  for (const t of trajectories)
    if (t.obsDim !== o || t.actDim !== a)
      throw new Error(
        `The one-step models take states of ${o} and actions of ${a} values; a trajectory holds ${t.obsDim} and ${t.actDim}.`,
      );
  if (mode === "modelStep") {
    for (const t of trajectories) {
      if (t.size === 0) continue;
      const predicted = gate.predict(t.obs, t.action, t.size);
      for (let j = 0; j < t.size; j++) {
        for (let d = 0; d < o; d++) t.nextObs[j * o + d] = t.obs[j * o + d] + predicted[j * (o + 1) + d];
        t.reward[j] = predicted[j * (o + 1) + o];
      }
    }
    return;
  }
  const longest = trajectories.reduce((m, t) => Math.max(m, t.size), 0);
  for (let j = 0; j < longest; j++) {
    const active = trajectories.filter((t) => t.size > j);
    const n = active.length;
    const obs = new Float32Array(n * o);
    const action = new Float32Array(n * a);
    active.forEach((t, i) => {
      obs.set(t.obs.subarray(j * o, (j + 1) * o), i * o);
      action.set(t.action.subarray(j * a, (j + 1) * a), i * a);
    });
    const predicted = gate.predict(obs, action, n);
    active.forEach((t, i) => {
      for (let d = 0; d < o; d++) {
        const next = obs[i * o + d] + predicted[i * (o + 1) + d];
        t.nextObs[j * o + d] = next;
        if (j + 1 < t.size) t.obs[(j + 1) * o + d] = next;
      }
      t.reward[j] = predicted[i * (o + 1) + o];
    });
  }
}
