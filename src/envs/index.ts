// Importing this module registers every environment id with the registry; it also exports the
// env API (registry, types, wrappers, env classes).
import "./classic/pendulum.js";
import "./classic/mountainCarContinuous.js";
import "./mujoco/hopper.js";
import "./mujoco/walker2d.js";
import "./mujoco/halfCheetah.js";
import "./mujoco/ant.js";
import "./antmaze/antMazeEnv.js";

export { MountainCarContinuous } from "./classic/mountainCarContinuous.js";
export { Pendulum } from "./classic/pendulum.js";
export { Ant } from "./mujoco/ant.js";
export { HalfCheetah } from "./mujoco/halfCheetah.js";
export { Hopper } from "./mujoco/hopper.js";
export { LocomotionEnv, type LocomotionInfo } from "./mujoco/locomotionEnv.js";
export { MujocoEnv } from "./mujoco/mujocoEnv.js";
export { compileMujocoWasm, loadMujoco, type Mujoco } from "./mujoco/mujocoModule.js";
export { PlanarLocomotionEnv } from "./mujoco/planarLocomotionEnv.js";
export { Walker2d } from "./mujoco/walker2d.js";
export type { EnvMakeOptions, EnvSpec } from "./registry.js";
export { envSpec, listEnvs, makeEnv, registerEnv } from "./registry.js";
export * from "./types.js";
export { EnvWrapper, unwrapEnv } from "./wrappers/envWrapper.js";
export { NormalizeObservation, type ObservationStatistics } from "./wrappers/normalizeObservation.js";
export { RescaleAction } from "./wrappers/rescaleAction.js";
export { TimeLimit } from "./wrappers/timeLimit.js";
