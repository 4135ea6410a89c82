// Importing this module registers every environment id with the registry (each env's module
// registers itself). envs/index.ts imports it; so do the vector envs' threads, without the index
// that exports them.
import "./classic/pendulum.js";
import "./classic/mountainCarContinuous.js";
import "./mujoco/hopper.js";
import "./mujoco/walker2d.js";
import "./mujoco/halfCheetah.js";
import "./mujoco/ant.js";
import "./antmaze/antMazeEnv.js";
