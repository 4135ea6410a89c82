// Base of the env wrappers: forwards everything to the wrapped env; a wrapper overrides what it
// changes. `unwrapEnv` reaches the innermost env (e.g. to call a MuJoCo env's getState).
import type { Box, Env, ResetOptions, ResetResult, StepResult } from "../types.js";

export abstract class EnvWrapper implements Env {
  constructor(readonly env: Env) {}

  get id(): string {
    return this.env.id;
  }
  get observationSpace(): Box {
    return this.env.observationSpace;
  }
  get actionSpace(): Box {
    return this.env.actionSpace;
  }
  get maxEpisodeSteps(): number {
    return this.env.maxEpisodeSteps;
  }
  reset(opts?: ResetOptions): ResetResult {
    return this.env.reset(opts);
  }
  step(action: ArrayLike<number>): StepResult {
    return this.env.step(action);
  }
  close(): void {
    this.env.close();
  }
}

/** The innermost env under any number of wrappers. */
export function unwrapEnv(env: Env): Env {
  while (env instanceof EnvWrapper) env = env.env;
  return env;
}
