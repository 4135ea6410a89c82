// Hopper (Gymnasium Hopper-v4, reference/environments.md): observation qpos[1:] (5) + clip(qvel,
// +-10) (6) = 11; reward dx/dt + 1 - 1e-3 sum(a^2); healthy while z > 0.7, |angle| < 0.2 and all of
// (qpos, qvel)[2:] in (-100, 100); frame skip 4 (dt 0.008); reset noise U(+-5e-3). The v4
// constructor's options (weights, health ranges, reset noise) are make options.
import { type EnvOptionSpecs, type OptionRange, resolveEnvOptions } from "../envOptions.js";
import { registerEnv } from "../registry.js";
import { healthOptionSpecs, locomotionOptionSpecs } from "./locomotionEnv.js";
import { hopperXml } from "./models/hopperModel.js";
import { loadMujoco, type Mujoco } from "./mujocoModule.js";
import { type UprightMakeOptions, UprightPlanarEnv } from "./uprightPlanarEnv.js";

export interface HopperOptions extends UprightMakeOptions {
  /** Open interval that every number of (qpos, qvel)[2:] must stay in. */
  healthyStateRange?: OptionRange;
}

export const HOPPER_OPTIONS: EnvOptionSpecs<HopperOptions> = {
  ...locomotionOptionSpecs({ ctrlCostWeight: 1e-3, resetNoiseScale: 5e-3 }),
  ...healthOptionSpecs,
  healthyStateRange: {
    kind: "range",
    default: [-100, 100],
    description: "open interval for every number of (qpos, qvel)[2:]",
  },
  healthyZRange: {
    kind: "range",
    default: [0.7, Number.POSITIVE_INFINITY],
    description: "open interval for z",
  },
  healthyAngleRange: {
    kind: "range",
    default: [-0.2, 0.2],
    description: "open interval for the torso angle",
  },
};

export class Hopper extends UprightPlanarEnv {
  private readonly healthyStateRange: OptionRange;

  constructor(mj: Mujoco, options: HopperOptions = {}) {
    const o = resolveEnvOptions("hopper", HOPPER_OPTIONS, options);
    super(mj, "hopper", hopperXml, o);
    this.healthyStateRange = o.healthyStateRange;
  }

  /** Upright, and every number of (qpos, qvel)[2:] inside healthyStateRange. */
  override isHealthy(): boolean {
    const { qpos, qvel } = this.live();
    const [lo, hi] = this.healthyStateRange;
    for (let i = 2; i < qpos.length; i++) if (!(qpos[i] > lo && qpos[i] < hi)) return false;
    for (let i = 0; i < qvel.length; i++) if (!(qvel[i] > lo && qvel[i] < hi)) return false;
    return super.isHealthy();
  }
}

registerEnv<HopperOptions>({
  id: "hopper",
  description: "MuJoCo locomotion: one-legged hopper, hop forward without falling (Hopper-v4)",
  maxEpisodeSteps: 1000,
  options: HOPPER_OPTIONS,
  make: async (o) => new Hopper(await loadMujoco(), o),
});
