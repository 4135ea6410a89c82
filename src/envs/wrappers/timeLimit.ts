// Truncates episodes after a fixed number of steps (Gymnasium's TimeLimit): the step that reaches
// the limit returns truncated = true, whatever `terminated` says.
import type { Env, ResetOptions, ResetResult, StepResult } from "../types.js";
import { EnvWrapper } from "./envWrapper.js";

export class TimeLimit extends EnvWrapper {
  private readonly limit: number;
  private elapsed = 0;

  constructor(env: Env, maxEpisodeSteps: number) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1)
      throw new Error(
        `${env.id}: maxEpisodeSteps must be a positive integer, got ${String(maxEpisodeSteps)}.`,
      );
    this.limit = maxEpisodeSteps;
  }

  override get maxEpisodeSteps(): number {
    return this.limit;
  }

  /** Steps taken since the last reset. */
  get elapsedSteps(): number {
    return this.elapsed;
  }

  override reset(opts?: ResetOptions): ResetResult {
    this.elapsed = 0;
    return this.env.reset(opts);
  }

  override step(action: ArrayLike<number>): StepResult {
    const result = this.env.step(action);
    this.elapsed++;
    if (this.elapsed >= this.limit) result.truncated = true;
    return result;
  }
}
