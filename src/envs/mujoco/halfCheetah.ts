// HalfCheetah (Gymnasium HalfCheetah-v4, reference/environments.md): observation qpos[1:] (8) +
// qvel (9) = 17, velocities not clipped; reward dx/dt - 0.1 sum(a^2), no healthy reward; never
// terminates; frame skip 5 (dt 0.05); reset noise qpos U(+-0.1), qvel 0.1 N(0, 1). The v4
// constructor's options (weights, reset noise) are make options.
import { type EnvOptionSpecs, resolveEnvOptions } from "../envOptions.js";
import { registerEnv } from "../registry.js";
import { type LocomotionMakeOptions, locomotionOptionSpecs } from "./locomotionEnv.js";
import { halfCheetahXml } from "./models/halfCheetahModel.js";
import { loadMujoco, type Mujoco } from "./mujocoModule.js";
import { PlanarLocomotionEnv } from "./planarLocomotionEnv.js";

export type HalfCheetahOptions = LocomotionMakeOptions;

export const HALFCHEETAH_OPTIONS: EnvOptionSpecs<HalfCheetahOptions> = locomotionOptionSpecs({
  ctrlCostWeight: 0.1,
  resetNoiseScale: 0.1,
});

export class HalfCheetah extends PlanarLocomotionEnv {
  constructor(mj: Mujoco, options: HalfCheetahOptions = {}) {
    const o = resolveEnvOptions("halfcheetah", HALFCHEETAH_OPTIONS, options);
    super(mj, {
      id: "halfcheetah",
      xml: halfCheetahXml,
      frameSkip: 5,
      forwardRewardWeight: o.forwardRewardWeight,
      ctrlCostWeight: o.ctrlCostWeight,
      healthyReward: 0,
      resetNoise: { scale: o.resetNoiseScale, velocity: "gaussian" },
      velocityClip: Number.POSITIVE_INFINITY,
    });
  }

  isHealthy(): boolean {
    return true;
  }
}

registerEnv<HalfCheetahOptions>({
  id: "halfcheetah",
  description: "MuJoCo locomotion: planar cheetah, run forward as fast as possible (HalfCheetah-v4)",
  maxEpisodeSteps: 1000,
  options: HALFCHEETAH_OPTIONS,
  make: async (o) => new HalfCheetah(await loadMujoco(), o),
});
