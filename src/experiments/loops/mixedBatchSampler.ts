// RLPD's symmetric sampling (Ball et al. 2023, reference/hyperparameters.md "RLPD"): every batch is
// half offline data, half online data. Rows [0, floor(n/2)) come from the first source, the rest
// from the second; both draw from the caller's Rng in that order.
import type { Batch } from "../../data/batch.js";
import { allocBatch } from "../../data/batch.js";
import type { Rng } from "../../engine/rng.js";

/**
 * Anything that can draw a batch of transitions (a replay buffer, a dataset's transitions). The
 * returned Batch may be reused by the source's next call (ReplayBuffer does): copy what you keep.
 */
export interface BatchSource {
  readonly size: number;
  sample(batchSize: number, rng: Rng): Batch;
}

export class MixedBatchSampler implements BatchSource {
  constructor(
    readonly offline: BatchSource,
    readonly online: BatchSource,
  ) {
    // One source would overwrite its first half with the second (sources may reuse their Batch).
    if (offline === online) throw new Error("A mixed batch sampler needs two different sources.");
  }

  get size(): number {
    return this.offline.size + this.online.size;
  }

  sample(batchSize: number, rng: Rng): Batch {
    if (!Number.isInteger(batchSize) || batchSize < 2)
      throw new Error(
        `A mixed batch needs an integer size of at least 2 (half from each source), got ${batchSize}.`,
      );
    const offlineRows = Math.floor(batchSize / 2);
    const a = this.offline.sample(offlineRows, rng);
    const b = this.online.sample(batchSize - offlineRows, rng);
    if (a.obsDim !== b.obsDim || a.actDim !== b.actDim)
      throw new Error(
        `The offline data has observation/action sizes ${a.obsDim}/${a.actDim} but the online data has ${b.obsDim}/${b.actDim}.`,
      );
    return concatBatches(a, b);
  }
}

export function concatBatches(a: Batch, b: Batch): Batch {
  const out = allocBatch(a.size + b.size, a.obsDim, a.actDim);
  out.obs.set(a.obs.subarray(0, a.size * a.obsDim));
  out.obs.set(b.obs.subarray(0, b.size * b.obsDim), a.size * a.obsDim);
  out.action.set(a.action.subarray(0, a.size * a.actDim));
  out.action.set(b.action.subarray(0, b.size * b.actDim), a.size * a.actDim);
  out.reward.set(a.reward.subarray(0, a.size));
  out.reward.set(b.reward.subarray(0, b.size), a.size);
  out.nextObs.set(a.nextObs.subarray(0, a.size * a.obsDim));
  out.nextObs.set(b.nextObs.subarray(0, b.size * b.obsDim), a.size * a.obsDim);
  out.terminal.set(a.terminal.subarray(0, a.size));
  out.terminal.set(b.terminal.subarray(0, b.size), a.size);
  return out;
}
