// Ant (Gymnasium Ant-v4 defaults, reference/environments.md): observation qpos[2:] (13) + qvel (14)
// = 27 (no contact forces); reward dx/dt + 1 - 0.5 sum(a^2); healthy while the state is finite and
// 0.2 <= torso z <= 1; frame skip 5 (dt 0.05); reset noise qpos U(+-0.1), qvel 0.1 N(0, 1).
// As in v4, x is the torso body's position data.xpos, which mj_step leaves at the kinematics of the
// last physics step's start (Gymnasium's get_body_com("torso")), not qpos[0]. The v4 constructor's
// options (ctrl weight, health, reset noise) are make options; v4's use_contact_forces (off by
// default) is not offered, so contact forces are not computed.
import { type EnvOptionSpecs, type OptionRange, resolveEnvOptions } from "../envOptions.js";
import { registerEnv } from "../registry.js";
import { type Box, boxFill } from "../types.js";
import {
  type HealthMakeOptions,
  healthOptionSpecs,
  LocomotionEnv,
  locomotionOptionSpecs,
} from "./locomotionEnv.js";
import { antXml } from "./models/antModel.js";
import { loadMujoco, type Mujoco } from "./mujocoModule.js";

/** Ant-v4's options (it has no forward weight: the forward reward is dx/dt). */
export interface AntOptions extends HealthMakeOptions {
  ctrlCostWeight?: number;
  resetNoiseScale?: number;
  /** Closed interval for the torso height qpos[2]. */
  healthyZRange?: OptionRange;
}

const { ctrlCostWeight, resetNoiseScale } = locomotionOptionSpecs({
  ctrlCostWeight: 0.5,
  resetNoiseScale: 0.1,
});
export const ANT_OPTIONS: EnvOptionSpecs<AntOptions> = {
  ctrlCostWeight,
  resetNoiseScale,
  ...healthOptionSpecs,
  healthyZRange: { kind: "range", default: [0.2, 1], description: "closed interval for the torso height" },
};

export class Ant extends LocomotionEnv {
  readonly observationSpace: Box;
  private readonly torso: number;
  private readonly healthyZRange: OptionRange;

  constructor(mj: Mujoco, options: AntOptions = {}) {
    const o = resolveEnvOptions("ant", ANT_OPTIONS, options);
    super(mj, {
      id: "ant",
      xml: antXml,
      frameSkip: 5,
      forwardRewardWeight: 1,
      ctrlCostWeight: o.ctrlCostWeight,
      healthyReward: o.healthyReward,
      terminateWhenUnhealthy: o.terminateWhenUnhealthy,
      resetNoise: { scale: o.resetNoiseScale, velocity: "gaussian" },
    });
    this.healthyZRange = o.healthyZRange;
    this.torso = mj.mj_name2id(this.model, mj.mjtObj.mjOBJ_BODY.value, "torso");
    this.observationSpace = boxFill(this.model.nq - 2 + this.model.nv, -Infinity, Infinity);
  }

  isHealthy(): boolean {
    const { qpos, qvel } = this.live();
    for (let i = 0; i < qpos.length; i++) if (!Number.isFinite(qpos[i])) return false;
    for (let i = 0; i < qvel.length; i++) if (!Number.isFinite(qvel[i])) return false;
    const [zLo, zHi] = this.healthyZRange;
    return qpos[2] >= zLo && qpos[2] <= zHi;
  }

  protected override xPosition(): number {
    return this.live().xpos[3 * this.torso];
  }

  protected observation(): Float64Array {
    const { qpos, qvel } = this.live();
    const obs = new Float64Array(qpos.length - 2 + qvel.length);
    obs.set(qpos.subarray(2));
    obs.set(qvel, qpos.length - 2);
    return obs;
  }
}

registerEnv<AntOptions>({
  id: "ant",
  description: "MuJoCo locomotion: four-legged ant, walk forward without flipping (Ant-v4)",
  maxEpisodeSteps: 1000,
  options: ANT_OPTIONS,
  make: async (o) => new Ant(await loadMujoco(), o),
});
