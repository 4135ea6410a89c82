// atradiff/envs: Gymnasium-style environments. Importing this module registers every environment id
// with the registry; it exports the env API (makeEnv and the registry, the Env interface and Box
// spaces with sample(rng), wrappers, the env classes to build one's own on, a synchronous vector env)
// and episode rendering. It imports no Node built-in, so that it bundles for a browser
// (test/envs/browserImports.test.ts); VectorEnv (worker threads) is left out for that reason.
import "./classic/pendulum.js";
import "./classic/mountainCarContinuous.js";
import "./mujoco/hopper.js";
import "./mujoco/walker2d.js";
import "./mujoco/halfCheetah.js";
import "./mujoco/ant.js";
import "./antmaze/antMazeEnv.js";

export { BoxSpace } from "./boxSpace.js";
export { MountainCarContinuous } from "./classic/mountainCarContinuous.js";
export { Pendulum } from "./classic/pendulum.js";
export { Ant } from "./mujoco/ant.js";
export { HalfCheetah } from "./mujoco/halfCheetah.js";
export { Hopper } from "./mujoco/hopper.js";
export { LocomotionEnv, type LocomotionInfo } from "./mujoco/locomotionEnv.js";
export { MujocoEnv } from "./mujoco/mujocoEnv.js";
export { loadMujoco, type Mujoco } from "./mujoco/mujocoModule.js";
export { PlanarLocomotionEnv } from "./mujoco/planarLocomotionEnv.js";
export { Walker2d } from "./mujoco/walker2d.js";
export type { EnvMakeOptions, EnvSpec } from "./registry.js";
export { envSpec, listEnvs, makeEnv, registerEnv } from "./registry.js";
export {
  type EpisodeRenderOptions,
  type Policy,
  type RenderedEpisode,
  randomPolicy,
  renderEpisode,
} from "./render/episodeRecorder.js";
export { type FilmstripOptions, filmstrip } from "./render/filmstrip.js";
export { encodeGif, type GifOptions } from "./render/gif.js";
export type { RgbImage } from "./render/rayCaster.js";
export * from "./types.js";
export type { BatchedEnv, VectorResetResult, VectorStepResult } from "./vector/batchedEnv.js";
export { SyncVectorEnv } from "./vector/syncVectorEnv.js";
export { EnvWrapper, unwrapEnv } from "./wrappers/envWrapper.js";
export { NormalizeObservation, type ObservationStatistics } from "./wrappers/normalizeObservation.js";
export { RescaleAction } from "./wrappers/rescaleAction.js";
export { TimeLimit } from "./wrappers/timeLimit.js";
