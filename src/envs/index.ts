// Importing this module registers every environment id with the registry.
import "./classic/pendulum.js";
import "./classic/mountainCarContinuous.js";
import "./mujoco/hopper.js";
import "./mujoco/walker2d.js";
import "./mujoco/halfCheetah.js";
import "./mujoco/ant.js";
import "./antmaze/antMazeEnv.js";

export { envSpec, listEnvs, makeEnv, registerEnv } from "./registry.js";
