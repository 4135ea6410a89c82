// Shows the agent observations normalized with fixed statistics (the dataset's, TD3+BC), so that the
// env it acts and is evaluated in matches the data it learned from.
import type { Env, ResetOptions, ResetResult, StepResult } from "../../envs/types.js";
import { EnvWrapper } from "../../envs/wrappers/envWrapper.js";
import type { ObservationStatistics } from "./preprocessing.js";

export class FixedObservationNormalizer extends EnvWrapper {
  constructor(
    env: Env,
    private readonly stats: ObservationStatistics,
  ) {
    super(env);
    const n = env.observationSpace.low.length;
    if (stats.mean.length !== n)
      throw new Error(
        `${env.id} has observations of size ${n}, but the normalization statistics have ${stats.mean.length}.`,
      );
  }

  override reset(opts?: ResetOptions): ResetResult {
    const r = this.env.reset(opts);
    return { obs: this.normalize(r.obs), info: r.info };
  }

  override step(action: ArrayLike<number>): StepResult {
    const r = this.env.step(action);
    r.obs = this.normalize(r.obs);
    return r;
  }

  private normalize(obs: Float64Array): Float64Array {
    return normalizeObservation(obs, this.stats);
  }
}

/** (obs - mean) / scale, rounded through float32 exactly as the dataset's normalized rows are. */
export function normalizeObservation(obs: ArrayLike<number>, stats: ObservationStatistics): Float64Array {
  const out = new Float64Array(obs.length);
  for (let i = 0; i < obs.length; i++)
    out[i] = Math.fround((Math.fround(obs[i]) - stats.mean[i]) / stats.scale[i]);
  return out;
}
