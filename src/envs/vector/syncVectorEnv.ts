// N envs stepped one after the other in this thread: the reference for VectorEnv, and the
// vector env for the browser or for envs too cheap to be worth a thread.
import { type EnvMakeOptions, makeEnv } from "../registry.js";
import type { Box, Env } from "../types.js";
import { stepWithAutoReset } from "./autoReset.js";
import {
  type BatchedEnv,
  checkBatchedActions,
  type VectorResetResult,
  type VectorStepResult,
} from "./batchedEnv.js";

export class SyncVectorEnv implements BatchedEnv {
  private readonly obsDim: number;
  private readonly actDim: number;

  /** Takes ownership of `envs` (close() closes them); all must have the same spaces. */
  constructor(private readonly envs: Env[]) {
    if (envs.length === 0) throw new Error("A SyncVectorEnv needs at least one env.");
    this.obsDim = envs[0].observationSpace.shape[0];
    this.actDim = envs[0].actionSpace.shape[0];
    for (const env of envs)
      if (env.observationSpace.shape[0] !== this.obsDim || env.actionSpace.shape[0] !== this.actDim)
        throw new Error(
          `A SyncVectorEnv needs envs of one shape: ${envs[0].id} has obs ${this.obsDim} / action ${this.actDim}, ` +
            `${env.id} has ${env.observationSpace.shape[0]} / ${env.actionSpace.shape[0]}.`,
        );
  }

  /** numEnvs copies of the registered env `id`. */
  static async create(id: string, numEnvs: number, makeOptions: EnvMakeOptions = {}): Promise<SyncVectorEnv> {
    if (!Number.isInteger(numEnvs) || numEnvs < 1)
      throw new Error(`numEnvs must be a positive integer, got ${String(numEnvs)}.`);
    const envs: Env[] = [];
    try {
      for (let i = 0; i < numEnvs; i++) envs.push(await makeEnv(id, makeOptions));
    } catch (err) {
      for (const env of envs) env.close();
      throw err;
    }
    return new SyncVectorEnv(envs);
  }

  get id(): string {
    return this.envs[0].id;
  }
  get numEnvs(): number {
    return this.envs.length;
  }
  get observationSpace(): Box {
    return this.envs[0].observationSpace;
  }
  get actionSpace(): Box {
    return this.envs[0].actionSpace;
  }
  get maxEpisodeSteps(): number {
    return this.envs[0].maxEpisodeSteps;
  }

  reset(opts: { seed?: number } = {}): VectorResetResult {
    const obs = new Float64Array(this.numEnvs * this.obsDim);
    const infos = this.envs.map((env, i) => {
      const r = env.reset(opts.seed === undefined ? {} : { seed: opts.seed + i });
      obs.set(r.obs, i * this.obsDim);
      return r.info;
    });
    return { obs, infos };
  }

  step(actions: ArrayLike<number>): VectorStepResult {
    checkBatchedActions(this.id, actions, this.numEnvs, this.actDim);
    const n = this.numEnvs;
    const result: VectorStepResult = {
      obs: new Float64Array(n * this.obsDim),
      rewards: new Float64Array(n),
      terminated: new Array<boolean>(n),
      truncated: new Array<boolean>(n),
      infos: new Array(n),
    };
    const flat = Float64Array.from(actions);
    for (let i = 0; i < n; i++) {
      const r = stepWithAutoReset(this.envs[i], flat.subarray(i * this.actDim, (i + 1) * this.actDim));
      result.obs.set(r.obs, i * this.obsDim);
      result.rewards[i] = r.reward;
      result.terminated[i] = r.terminated;
      result.truncated[i] = r.truncated;
      result.infos[i] = r.info;
    }
    return result;
  }

  close(): void {
    for (const env of this.envs) env.close();
  }
}
