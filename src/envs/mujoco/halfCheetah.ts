// HalfCheetah (Gymnasium HalfCheetah-v4, reference/environments.md): observation qpos[1:] (8) +
// qvel (9) = 17, velocities not clipped; reward dx/dt - 0.1 sum(a^2), no healthy reward; never
// terminates; frame skip 5 (dt 0.05); reset noise qpos U(+-0.1), qvel 0.1 N(0, 1).
import { registerEnv } from "../registry.js";
import { halfCheetahXml } from "./models/halfCheetahModel.js";
import { loadMujoco, type Mujoco } from "./mujocoModule.js";
import { PlanarLocomotionEnv } from "./planarLocomotionEnv.js";

export class HalfCheetah extends PlanarLocomotionEnv {
  constructor(mj: Mujoco) {
    super(mj, {
      id: "halfcheetah",
      xml: halfCheetahXml,
      frameSkip: 5,
      forwardRewardWeight: 1,
      ctrlCostWeight: 0.1,
      healthyReward: 0,
      resetNoise: { scale: 0.1, velocity: "gaussian" },
      velocityClip: Number.POSITIVE_INFINITY,
    });
  }

  isHealthy(): boolean {
    return true;
  }
}

registerEnv({
  id: "halfcheetah",
  description: "MuJoCo locomotion: planar cheetah, run forward as fast as possible (HalfCheetah-v4)",
  maxEpisodeSteps: 1000,
  make: async () => new HalfCheetah(await loadMujoco()),
});
