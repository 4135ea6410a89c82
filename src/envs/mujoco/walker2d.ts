// Walker2d (Gymnasium Walker2d-v4, reference/environments.md): observation qpos[1:] (8) +
// clip(qvel, +-10) (9) = 17; reward dx/dt + 1 - 1e-3 sum(a^2); healthy while 0.8 < z < 2 and
// |angle| < 1; frame skip 4 (dt 0.008); reset noise U(+-5e-3). The v4 constructor's options
// (weights, health ranges, reset noise) are make options.
import { type EnvOptionSpecs, type OptionRange, resolveEnvOptions } from "../envOptions.js";
import { registerEnv } from "../registry.js";
import {
  type HealthMakeOptions,
  healthOptionSpecs,
  type LocomotionMakeOptions,
  locomotionOptionSpecs,
} from "./locomotionEnv.js";
import { walker2dXml } from "./models/walker2dModel.js";
import { loadMujoco, type Mujoco } from "./mujocoModule.js";
import { PlanarLocomotionEnv } from "./planarLocomotionEnv.js";

export interface Walker2dOptions extends LocomotionMakeOptions, HealthMakeOptions {
  /** Open interval for the torso height qpos[1]. */
  healthyZRange?: OptionRange;
  /** Open interval for the torso angle qpos[2]. */
  healthyAngleRange?: OptionRange;
}

export const WALKER2D_OPTIONS: EnvOptionSpecs<Walker2dOptions> = {
  ...locomotionOptionSpecs({ ctrlCostWeight: 1e-3, resetNoiseScale: 5e-3 }),
  ...healthOptionSpecs,
  healthyZRange: { kind: "range", default: [0.8, 2], description: "open interval for z" },
  healthyAngleRange: { kind: "range", default: [-1, 1], description: "open interval for the torso angle" },
};

export class Walker2d extends PlanarLocomotionEnv {
  private readonly health: Required<Pick<Walker2dOptions, "healthyZRange" | "healthyAngleRange">>;

  constructor(mj: Mujoco, options: Walker2dOptions = {}) {
    const o = resolveEnvOptions("walker2d", WALKER2D_OPTIONS, options);
    super(mj, {
      id: "walker2d",
      xml: walker2dXml,
      frameSkip: 4,
      forwardRewardWeight: o.forwardRewardWeight,
      ctrlCostWeight: o.ctrlCostWeight,
      healthyReward: o.healthyReward,
      terminateWhenUnhealthy: o.terminateWhenUnhealthy,
      resetNoise: { scale: o.resetNoiseScale, velocity: "uniform" },
      velocityClip: 10,
    });
    this.health = o;
  }

  isHealthy(): boolean {
    const { qpos } = this.live();
    const [zLo, zHi] = this.health.healthyZRange;
    const [angleLo, angleHi] = this.health.healthyAngleRange;
    const z = qpos[1];
    const angle = qpos[2];
    return z > zLo && z < zHi && angle > angleLo && angle < angleHi;
  }
}

registerEnv<Walker2dOptions>({
  id: "walker2d",
  description: "MuJoCo locomotion: planar biped, walk forward without falling (Walker2d-v4)",
  maxEpisodeSteps: 1000,
  options: WALKER2D_OPTIONS,
  make: async (o) => new Walker2d(await loadMujoco(), o),
});
