// Hopper (Gymnasium Hopper-v4, reference/environments.md): observation qpos[1:] (5) + clip(qvel,
// +-10) (6) = 11; reward dx/dt + 1 - 1e-3 sum(a^2); healthy while z > 0.7, |angle| < 0.2 and all of
// (qpos, qvel)[2:] in (-100, 100); frame skip 4 (dt 0.008); reset noise U(+-5e-3).
import { registerEnv } from "../registry.js";
import { hopperXml } from "./models/hopperModel.js";
import { loadMujoco, type Mujoco } from "./mujocoModule.js";
import { PlanarLocomotionEnv } from "./planarLocomotionEnv.js";

export class Hopper extends PlanarLocomotionEnv {
  constructor(mj: Mujoco) {
    super(mj, {
      id: "hopper",
      xml: hopperXml,
      frameSkip: 4,
      forwardRewardWeight: 1,
      ctrlCostWeight: 1e-3,
      healthyReward: 1,
      resetNoise: { scale: 5e-3, velocity: "uniform" },
      velocityClip: 10,
    });
  }

  isHealthy(): boolean {
    const { qpos, qvel } = this.live();
    const z = qpos[1];
    const angle = qpos[2];
    for (let i = 2; i < qpos.length; i++) if (!(qpos[i] > -100 && qpos[i] < 100)) return false;
    for (let i = 0; i < qvel.length; i++) if (!(qvel[i] > -100 && qvel[i] < 100)) return false;
    return z > 0.7 && angle > -0.2 && angle < 0.2;
  }
}

registerEnv({
  id: "hopper",
  description: "MuJoCo locomotion: one-legged hopper, hop forward without falling (Hopper-v4)",
  maxEpisodeSteps: 1000,
  make: async () => new Hopper(await loadMujoco()),
});
