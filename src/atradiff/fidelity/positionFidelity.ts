// Simulator fidelity per position inside generated windows (bench diffusion, issue 6): the j-th
// transition of every trajectory that has one, measured apart. The first transition starts at the
// given (real) state; later ones start at generated states. If only the later positions are bad,
// the errors compound along the window; if every position is as bad, the model's dynamics are off
// throughout (not the conditioning).
import { allocBatch } from "../../data/batch.js";
import type { PlanarLocomotionEnv } from "../../envs/mujoco/planarLocomotionEnv.js";
import type { Trajectory } from "../windows/trajectory.js";
import type { FidelityScales } from "./fidelityScales.js";
import { measureSimulatorFidelity } from "./simulatorFidelity.js";

export interface PositionFidelity {
  /** Per position j = 0, 1, ...: transitions measured (trajectories longer than j). */
  count: number[];
  stateNmse: number[];
  rewardNmse: number[];
}

export function fidelityByPosition(
  env: PlanarLocomotionEnv,
  trajectories: readonly Trajectory[],
  scales: FidelityScales,
): PositionFidelity {
  const out: PositionFidelity = { count: [], stateNmse: [], rewardNmse: [] };
  const longest = trajectories.reduce((m, t) => Math.max(m, t.size), 0);
  for (let j = 0; j < longest; j++) {
    const having = trajectories.filter((t) => t.size > j);
    const { obsDim: o, actDim: a } = having[0];
    const batch = allocBatch(having.length, o, a);
    having.forEach((t, i) => {
      batch.obs.set(t.obs.subarray(j * o, (j + 1) * o), i * o);
      batch.nextObs.set(t.nextObs.subarray(j * o, (j + 1) * o), i * o);
      batch.action.set(t.action.subarray(j * a, (j + 1) * a), i * a);
      batch.reward[i] = t.reward[j];
      batch.terminal[i] = t.terminal[j];
    });
    const f = measureSimulatorFidelity(env, batch, scales);
    out.count.push(f.count);
    out.stateNmse.push(f.stateNmse);
    out.rewardNmse.push(f.rewardNmse);
  }
  return out;
}
