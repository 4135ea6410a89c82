// A view of rows [start, start + count) of a Batch: its columns are subarrays of the original, so
// a replay buffer's sampleInto can fill part of a batch in place.
import type { Batch } from "../../data/batch.js";

export function batchRows(b: Batch, start: number, count: number): Batch {
  const { obsDim: o, actDim: a } = b;
  return {
    size: count,
    obsDim: o,
    actDim: a,
    obs: b.obs.subarray(start * o, (start + count) * o),
    action: b.action.subarray(start * a, (start + count) * a),
    reward: b.reward.subarray(start, start + count),
    nextObs: b.nextObs.subarray(start * o, (start + count) * o),
    terminal: b.terminal.subarray(start, start + count),
  };
}
