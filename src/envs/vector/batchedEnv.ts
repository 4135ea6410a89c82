// The API shared by VectorEnv (envs in worker threads) and SyncVectorEnv (envs in this thread):
// N copies of one env stepped in lock-step, with Gymnasium's auto-reset convention (an env whose
// episode ended is reset at once; its row holds the new episode's first observation and
// info.finalObs / info.finalInfo hold the last observation and info of the ended episode).
import type { Box, EnvInfo } from "../types.js";

export interface VectorResetResult {
  /** numEnvs x obsDim, row-major. */
  obs: Float64Array;
  infos: EnvInfo[];
}

export interface VectorStepResult {
  /** numEnvs x obsDim, row-major; rows of ended envs hold the next episode's first observation. */
  obs: Float64Array;
  rewards: Float64Array;
  terminated: boolean[];
  truncated: boolean[];
  /** Per env; when an env ended: finalObs (Float64Array) and finalInfo are set. */
  infos: EnvInfo[];
}

export interface BatchedEnv {
  readonly id: string;
  readonly numEnvs: number;
  /** The space of one env. */
  readonly observationSpace: Box;
  readonly actionSpace: Box;
  readonly maxEpisodeSteps: number;
  /** With a seed, env i is reseeded with seed + i; without, every env's stream continues. */
  reset(opts?: { seed?: number }): VectorResetResult;
  /** `actions` holds numEnvs x actDim numbers, row-major. */
  step(actions: ArrayLike<number>): VectorStepResult;
  close(): void;
}

/** Throws unless `actions` has one row of actDim numbers per env. */
export function checkBatchedActions(id: string, actions: ArrayLike<number>, numEnvs: number, actDim: number) {
  if (actions === null || typeof actions !== "object" || actions.length !== numEnvs * actDim)
    throw new Error(
      `${id}: a vector step needs ${numEnvs} x ${actDim} = ${numEnvs * actDim} action numbers, ` +
        `got ${actions === null || typeof actions !== "object" ? String(actions) : actions.length}.`,
    );
}
