// Algorithm 1's sample (ATraDiff §4.2): each row of a batch comes from D_s with probability rho,
// else from D_o. The per-row choices are drawn as a binomial split of the batch (one uniform draw
// per row from the caller's Rng); the D_s rows fill the front of the batch, the D_o rows the rest
// (agents treat a batch as a set). Per row, not per batch: Algorithm 1's Sample returns one
// transition, from D_s with probability rho, and a batch is n such Samples, so its D_s count is
// Binomial(n, rho); drawing the count first gives the same distribution. (All-or-nothing batches
// would give the same mean but feed the agent whole batches of synthetic data.) While D_s is
// empty, which Algorithm 1 leaves undefined, every row comes from D_o (no draws).
import { allocBatch, type Batch } from "../../data/batch.js";
import type { ReplayBuffer } from "../../data/replayBuffer.js";
import type { Rng } from "../../engine/rng.js";
import { batchRows } from "./batchRows.js";

/** Binomial(n, rho) by n Bernoulli draws. */
export function binomialSplit(n: number, rho: number, rng: Rng): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.uniform() < rho) k++;
  return k;
}

export class RhoSplitSampler {
  private cached: Batch | null = null;

  constructor(
    readonly synthetic: ReplayBuffer,
    readonly real: ReplayBuffer,
    readonly rho: number,
  ) {
    if (synthetic.obsDim !== real.obsDim || synthetic.actDim !== real.actDim)
      throw new Error(
        `D_s holds observation/action sizes ${synthetic.obsDim}/${synthetic.actDim} but D_o holds ${real.obsDim}/${real.actDim}.`,
      );
  }

  /** A batch owned by the sampler, overwritten by the next call (like ReplayBuffer.sample). */
  sample(batchSize: number, rng: Rng): Batch {
    if (!this.cached || this.cached.size !== batchSize) {
      if (!Number.isInteger(batchSize) || batchSize < 1)
        throw new Error(`A batch size must be a positive integer, got ${batchSize}.`);
      this.cached = allocBatch(batchSize, this.real.obsDim, this.real.actDim);
    }
    return this.sampleInto(this.cached, rng);
  }

  sampleInto(out: Batch, rng: Rng): Batch {
    if (this.real.size === 0) throw new Error("Cannot sample before a real transition is stored in D_o.");
    const fromSynthetic = this.synthetic.size > 0 ? binomialSplit(out.size, this.rho, rng) : 0;
    if (fromSynthetic > 0) this.synthetic.sampleInto(batchRows(out, 0, fromSynthetic), rng);
    if (fromSynthetic < out.size)
      this.real.sampleInto(batchRows(out, fromSynthetic, out.size - fromSynthetic), rng);
    return out;
  }
}
