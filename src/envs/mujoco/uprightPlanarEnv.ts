// Hopper and Walker2d (Gymnasium v4, reference/environments.md): planar robots that must stay
// upright. Both step 4 frames (dt 0.008), draw their reset noise uniformly for qpos and qvel, clip
// observed velocities at +-10, and are healthy while the torso height qpos[1] and angle qpos[2] lie
// in open intervals (Hopper also bounds the rest of the state).
import type { OptionRange } from "../envOptions.js";
import type { HealthMakeOptions, LocomotionMakeOptions } from "./locomotionEnv.js";
import type { Mujoco } from "./mujocoModule.js";
import { PlanarLocomotionEnv } from "./planarLocomotionEnv.js";

export interface UprightMakeOptions extends LocomotionMakeOptions, HealthMakeOptions {
  /** Open interval for the torso height qpos[1]. */
  healthyZRange?: OptionRange;
  /** Open interval for the torso angle qpos[2]. */
  healthyAngleRange?: OptionRange;
}

export abstract class UprightPlanarEnv extends PlanarLocomotionEnv {
  private readonly healthyZRange: OptionRange;
  private readonly healthyAngleRange: OptionRange;

  /** `o`: the make options resolved against the robot's defaults. */
  constructor(mj: Mujoco, id: string, xml: string, o: Required<UprightMakeOptions>) {
    super(mj, {
      id,
      xml,
      frameSkip: 4,
      forwardRewardWeight: o.forwardRewardWeight,
      ctrlCostWeight: o.ctrlCostWeight,
      healthyReward: o.healthyReward,
      terminateWhenUnhealthy: o.terminateWhenUnhealthy,
      resetNoise: { scale: o.resetNoiseScale, velocity: "uniform" },
      velocityClip: 10,
    });
    this.healthyZRange = o.healthyZRange;
    this.healthyAngleRange = o.healthyAngleRange;
  }

  /** The torso's height and angle are inside their intervals. */
  isHealthy(): boolean {
    const { qpos } = this.live();
    const [zLo, zHi] = this.healthyZRange;
    const [angleLo, angleHi] = this.healthyAngleRange;
    const z = qpos[1];
    const angle = qpos[2];
    return z > zLo && z < zHi && angle > angleLo && angle < angleHi;
  }
}
