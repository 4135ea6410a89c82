// Ant (Gymnasium Ant-v4 defaults, reference/environments.md): observation qpos[2:] (13) + qvel (14)
// = 27 (no contact forces); reward dx/dt + 1 - 0.5 sum(a^2); healthy while the state is finite and
// 0.2 <= torso z <= 1; frame skip 5 (dt 0.05); reset noise qpos U(+-0.1), qvel 0.1 N(0, 1).
// As in v4, x is the torso body's position data.xpos, which mj_step leaves at the kinematics of the
// last physics step's start (Gymnasium's get_body_com("torso")), not qpos[0].
import { registerEnv } from "../registry.js";
import { type Box, boxFill } from "../types.js";
import { LocomotionEnv } from "./locomotionEnv.js";
import { antXml } from "./models/antModel.js";
import { loadMujoco, type Mujoco } from "./mujocoModule.js";

export class Ant extends LocomotionEnv {
  readonly observationSpace: Box;
  private readonly torso: number;

  constructor(mj: Mujoco) {
    super(mj, {
      id: "ant",
      xml: antXml,
      frameSkip: 5,
      forwardRewardWeight: 1,
      ctrlCostWeight: 0.5,
      healthyReward: 1,
      resetNoise: { scale: 0.1, velocity: "gaussian" },
    });
    this.torso = mj.mj_name2id(this.model, mj.mjtObj.mjOBJ_BODY.value, "torso");
    this.observationSpace = boxFill(this.model.nq - 2 + this.model.nv, -Infinity, Infinity);
  }

  isHealthy(): boolean {
    const { qpos, qvel } = this.live();
    for (let i = 0; i < qpos.length; i++) if (!Number.isFinite(qpos[i])) return false;
    for (let i = 0; i < qvel.length; i++) if (!Number.isFinite(qvel[i])) return false;
    return qpos[2] >= 0.2 && qpos[2] <= 1;
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

registerEnv({
  id: "ant",
  description: "MuJoCo locomotion: four-legged ant, walk forward without flipping (Ant-v4)",
  maxEpisodeSteps: 1000,
  make: async () => new Ant(await loadMujoco()),
});
