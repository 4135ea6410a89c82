// Transitions to check, gathered into one Batch: the steps of generated trajectories, or the steps
// of real (held-out) episodes.
import { allocBatch, type Batch } from "../../data/batch.js";
import type { TrainingEpisode } from "../windows/trainingEpisodes.js";
import type { Trajectory } from "../windows/trajectory.js";

/** The batches one after another (all of the same dimensions). */
export function concatBatches(batches: readonly Batch[], obsDim: number, actDim: number): Batch {
  const size = batches.reduce((n, b) => n + b.size, 0);
  const out = allocBatch(size, obsDim, actDim);
  let row = 0;
  for (const b of batches) {
    if (b.obsDim !== obsDim || b.actDim !== actDim)
      throw new Error(`Cannot join transitions of ${b.obsDim}/${b.actDim} values with ${obsDim}/${actDim}.`);
    out.obs.set(b.obs, row * obsDim);
    out.nextObs.set(b.nextObs, row * obsDim);
    out.action.set(b.action, row * actDim);
    out.reward.set(b.reward, row);
    out.terminal.set(b.terminal, row);
    row += b.size;
  }
  return out;
}

export function trajectoriesToBatch(
  trajectories: readonly Trajectory[],
  obsDim: number,
  actDim: number,
): Batch {
  return concatBatches(trajectories, obsDim, actDim);
}

/**
 * Every transition of the episodes whose next state is real: the last step of a terminal episode
 * recorded without next_observations has a stand-in copy of its state (trainingEpisodes.ts) and is
 * left out.
 */
export function episodesToBatch(episodes: readonly TrainingEpisode[], obsDim: number, actDim: number): Batch {
  const parts: Batch[] = [];
  for (const e of episodes) {
    const last = e.observations.subarray((e.length - 1) * obsDim, e.length * obsDim);
    const standIn = e.terminal && last.every((v, d) => v === e.finalObservation[d]);
    const n = standIn ? e.length - 1 : e.length;
    if (n < 1) continue;
    const b = allocBatch(n, obsDim, actDim);
    b.obs.set(e.observations.subarray(0, n * obsDim));
    b.nextObs.set(e.observations.subarray(obsDim, n * obsDim));
    if (n === e.length) b.nextObs.set(e.finalObservation, (n - 1) * obsDim);
    b.action.set(e.actions.subarray(0, n * actDim));
    b.reward.set(e.rewards.subarray(0, n));
    if (e.terminal && n === e.length) b.terminal[n - 1] = 1;
    parts.push(b);
  }
  return concatBatches(parts, obsDim, actDim);
}
