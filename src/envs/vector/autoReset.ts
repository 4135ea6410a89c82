// One env step with Gymnasium's (same-step) auto-reset, the single definition both vector envs
// use so that they give identical results.
import type { Env, EnvInfo, StepResult } from "../types.js";

export interface AutoResetStep extends StepResult {
  /** The episode ended on this step and `obs` / `info` already belong to the next episode. */
  ended: boolean;
}

export function stepWithAutoReset(env: Env, action: ArrayLike<number>): AutoResetStep {
  const result = env.step(action);
  if (!result.terminated && !result.truncated) return { ...result, ended: false };
  // Copied first: an env may reuse its observation buffer in reset().
  const finalObs = Float64Array.from(result.obs);
  // Reset without a seed: the env's generator continues, as N sequential envs would.
  const next = env.reset();
  const info: EnvInfo = { ...next.info, finalObs, finalInfo: result.info };
  return {
    obs: next.obs,
    reward: result.reward,
    terminated: result.terminated,
    truncated: result.truncated,
    info,
    ended: true,
  };
}
