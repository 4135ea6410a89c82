// Normalizes observations by a running mean and variance (Gymnasium's NormalizeObservation and its
// RunningMeanStd: mean 0, variance 1 and a pseudo-count of 1e-4 to start; every observation seen
// at reset and step updates them unless the wrapper is frozen, e.g. for evaluation).
// Returns (obs - mean) / sqrt(var + 1e-8).
import type { Env, ResetOptions, ResetResult, StepResult } from "../types.js";
import { EnvWrapper } from "./envWrapper.js";

const INITIAL_COUNT = 1e-4;
const VARIANCE_EPSILON = 1e-8;

/** The running statistics, enough to resume normalizing exactly where it stopped. */
export interface ObservationStatistics {
  mean: number[];
  var: number[];
  count: number;
}

export class NormalizeObservation extends EnvWrapper {
  /** While frozen the statistics stay as they are (observations are still normalized). */
  frozen: boolean;
  private readonly mean: Float64Array;
  private readonly variance: Float64Array;
  private count = INITIAL_COUNT;

  constructor(env: Env, opts: { frozen?: boolean } = {}) {
    super(env);
    const n = env.observationSpace.low.length;
    this.mean = new Float64Array(n);
    this.variance = new Float64Array(n).fill(1);
    this.frozen = opts.frozen ?? false;
  }

  override reset(opts?: ResetOptions): ResetResult {
    const result = this.env.reset(opts);
    return { obs: this.normalize(result.obs), info: result.info };
  }

  override step(action: ArrayLike<number>): StepResult {
    const result = this.env.step(action);
    result.obs = this.normalize(result.obs);
    return result;
  }

  get statistics(): ObservationStatistics {
    return { mean: Array.from(this.mean), var: Array.from(this.variance), count: this.count };
  }

  set statistics(stats: ObservationStatistics) {
    const n = this.mean.length;
    const finite = (xs: unknown) =>
      Array.isArray(xs) && xs.length === n && xs.every((x) => Number.isFinite(x));
    if (!finite(stats.mean) || !finite(stats.var) || stats.var.some((v) => v < 0))
      throw new Error(
        `${this.id}: observation statistics need ${n} finite means and ${n} finite non-negative variances.`,
      );
    if (!Number.isFinite(stats.count) || stats.count <= 0)
      throw new Error(`${this.id}: observation statistics need a positive count, got ${stats.count}.`);
    this.mean.set(stats.mean);
    this.variance.set(stats.var);
    this.count = stats.count;
  }

  private normalize(obs: Float64Array): Float64Array {
    if (!this.frozen) this.update(obs);
    const out = new Float64Array(obs.length);
    for (let i = 0; i < obs.length; i++)
      out[i] = (obs[i] - this.mean[i]) / Math.sqrt(this.variance[i] + VARIANCE_EPSILON);
    return out;
  }

  /** Chan et al.'s parallel update with a batch of one observation (batch variance 0). */
  private update(obs: Float64Array): void {
    const total = this.count + 1;
    for (let i = 0; i < obs.length; i++) {
      const delta = obs[i] - this.mean[i];
      this.mean[i] += delta / total;
      this.variance[i] = (this.variance[i] * this.count + (delta * delta * this.count) / total) / total;
    }
    this.count = total;
  }
}
