// Walker2d (Gymnasium Walker2d-v4, reference/environments.md): observation qpos[1:] (8) +
// clip(qvel, +-10) (9) = 17; reward dx/dt + 1 - 1e-3 sum(a^2); healthy while 0.8 < z < 2 and
// |angle| < 1; frame skip 4 (dt 0.008); reset noise U(+-5e-3).
import { registerEnv } from "../registry.js";
import { walker2dXml } from "./models/walker2dModel.js";
import { loadMujoco, type Mujoco } from "./mujocoModule.js";
import { PlanarLocomotionEnv } from "./planarLocomotionEnv.js";

export class Walker2d extends PlanarLocomotionEnv {
  constructor(mj: Mujoco) {
    super(mj, {
      id: "walker2d",
      xml: walker2dXml,
      frameSkip: 4,
      forwardRewardWeight: 1,
      ctrlCostWeight: 1e-3,
      healthyReward: 1,
      resetNoise: { scale: 5e-3, velocity: "uniform" },
      velocityClip: 10,
    });
  }

  isHealthy(): boolean {
    const { qpos } = this.live();
    const z = qpos[1];
    const angle = qpos[2];
    return z > 0.8 && z < 2 && angle > -1 && angle < 1;
  }
}

registerEnv({
  id: "walker2d",
  description: "MuJoCo locomotion: planar biped, walk forward without falling (Walker2d-v4)",
  maxEpisodeSteps: 1000,
  make: async () => new Walker2d(await loadMujoco()),
});
