// Walker2d (Gymnasium Walker2d-v4, reference/environments.md): observation qpos[1:] (8) +
// clip(qvel, +-10) (9) = 17; reward dx/dt + 1 - 1e-3 sum(a^2); healthy while 0.8 < z < 2 and
// |angle| < 1; frame skip 4 (dt 0.008); reset noise U(+-5e-3). The v4 constructor's options
// (weights, health ranges, reset noise) are make options.
import { type EnvOptionSpecs, resolveEnvOptions } from "../envOptions.js";
import { registerEnv } from "../registry.js";
import { healthOptionSpecs, locomotionOptionSpecs } from "./locomotionEnv.js";
import { walker2dXml } from "./models/walker2dModel.js";
import { loadMujoco, type Mujoco } from "./mujocoModule.js";
import { type UprightMakeOptions, UprightPlanarEnv } from "./uprightPlanarEnv.js";

export type Walker2dOptions = UprightMakeOptions;

export const WALKER2D_OPTIONS: EnvOptionSpecs<Walker2dOptions> = {
  ...locomotionOptionSpecs({ ctrlCostWeight: 1e-3, resetNoiseScale: 5e-3 }),
  ...healthOptionSpecs,
  healthyZRange: { kind: "range", default: [0.8, 2], description: "open interval for z" },
  healthyAngleRange: { kind: "range", default: [-1, 1], description: "open interval for the torso angle" },
};

export class Walker2d extends UprightPlanarEnv {
  constructor(mj: Mujoco, options: Walker2dOptions = {}) {
    super(mj, "walker2d", walker2dXml, resolveEnvOptions("walker2d", WALKER2D_OPTIONS, options));
  }
}

registerEnv<Walker2dOptions>({
  id: "walker2d",
  description: "MuJoCo locomotion: planar biped, walk forward without falling (Walker2d-v4)",
  maxEpisodeSteps: 1000,
  options: WALKER2D_OPTIONS,
  make: async (o) => new Walker2d(await loadMujoco(), o),
});
