// A contiguous block of a VectorEnv's envs, stepped by one thread (a worker, or the calling
// thread for the first block), reading actions from and writing results into the shared views.
import type { Env } from "../types.js";
import { stepWithAutoReset } from "./autoReset.js";
import { InfoWriter } from "./infoCodec.js";
import { FLAG, infoSlot, type LayoutSizes, type SharedViews } from "./sharedLayout.js";

export class EnvBlock {
  private readonly infoWriters: InfoWriter[];

  constructor(
    private readonly envs: Env[],
    /** Index of envs[0] in the vector. */
    private readonly firstEnv: number,
    private readonly v: SharedViews,
    private readonly sizes: LayoutSizes,
  ) {
    this.infoWriters = envs.map(
      (env, k) => new InfoWriter(infoSlot(v, sizes, firstEnv + k), `env ${firstEnv + k} (${env.id})`),
    );
  }

  /** Resets every env (seeds[i] NaN: continue the env's stream). */
  reset(): void {
    const { v, sizes } = this;
    for (let k = 0; k < this.envs.length; k++) {
      const i = this.firstEnv + k;
      const seed = v.seeds[i];
      const r = this.envs[k].reset(Number.isNaN(seed) ? {} : { seed });
      v.obs.set(r.obs, i * sizes.obsDim);
      v.flags[i] = 0;
      this.infoWriters[k].write(r.info);
    }
  }

  /** Steps every env with its row of the shared actions, resetting the envs whose episode ended. */
  step(): void {
    const { v, sizes } = this;
    const { obsDim, actDim } = sizes;
    for (let k = 0; k < this.envs.length; k++) {
      const i = this.firstEnv + k;
      const r = stepWithAutoReset(this.envs[k], v.actions.subarray(i * actDim, (i + 1) * actDim));
      v.obs.set(r.obs, i * obsDim);
      v.rewards[i] = r.reward;
      v.flags[i] =
        (r.terminated ? FLAG.terminated : 0) |
        (r.truncated ? FLAG.truncated : 0) |
        (r.ended ? FLAG.ended : 0);
      if (r.ended) v.finalObs.set(r.info.finalObs as Float64Array, i * obsDim);
      this.infoWriters[k].write(r.info);
    }
  }

  close(): void {
    for (const env of this.envs) env.close();
  }
}
