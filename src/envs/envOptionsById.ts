// The make options of every registered env id, so that makeEnv("hopper", {...}) is type-checked
// (makeEnv checks them at run time too, for ids given as plain strings).
import type { AntMazeMakeOptions } from "./antmaze/antMazeEnv.js";
import type { AntOptions } from "./mujoco/ant.js";
import type { HalfCheetahOptions } from "./mujoco/halfCheetah.js";
import type { HopperOptions } from "./mujoco/hopper.js";
import type { Walker2dOptions } from "./mujoco/walker2d.js";

/** Envs without options of their own. */
type NoOptions = Record<never, never>;

export interface EnvOptionsById {
  hopper: HopperOptions;
  walker2d: Walker2dOptions;
  halfcheetah: HalfCheetahOptions;
  ant: AntOptions;
  "antmaze-umaze": AntMazeMakeOptions;
  "antmaze-medium": AntMazeMakeOptions;
  "antmaze-large": AntMazeMakeOptions;
  pendulum: NoOptions;
  "mountaincar-continuous": NoOptions;
}
