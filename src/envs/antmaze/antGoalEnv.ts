// The AntMaze ant with a goal on the floor: D4RL's ant (antMazeXml.ts), actions in [-1, 1]^8 for
// its +-30 motors, D4RL's reset noise, the goal as part of the state that getState / setState carry,
// and the torso's position. AntMaze (antMazeEnv.ts) and the walking task that trains the AntMaze
// data collector's policy (datasets/antmaze/antWalkingEnv.ts) build on it; each scales actions to
// the motors and rewards in its own way.
import { MujocoEnv } from "../mujoco/mujocoEnv.js";
import type { ResetNoise } from "../mujoco/resetNoise.js";
import { type Box, boxFill, type ResetResult } from "../types.js";
import type { Point2 } from "./mazeGeometry.js";

/** D4RL's ant reset noise: qpos ~ qpos0 + U(+-0.1), qvel ~ 0.1 N(0, 1). */
export const ANT_RESET_NOISE: ResetNoise = { scale: 0.1, velocity: "gaussian" };
/** The ant's share of the state: the torso's free joint and 8 hinges. */
export const ANT_NQ = 15;
export const ANT_NV = 14;

export abstract class AntGoalEnv extends MujocoEnv {
  override readonly actionSpace: Box = boxFill(8, -1, 1);
  protected goalPoint: Point2 = { x: 0, y: 0 };
  /** The motor commands of the current step. */
  protected readonly ctrl = new Float64Array(8);

  /** The current goal (world x, y in meters). */
  get goal(): Point2 {
    return { ...this.goalPoint };
  }

  /** The torso's x, y (qpos[0:2]). */
  position(): Point2 {
    const { qpos } = this.live();
    return { x: qpos[0], y: qpos[1] };
  }

  /** Writes qpos[:15] then qvel[:14] (AntMaze's observation) into `out`. */
  protected writeAntState(out: Float64Array): Float64Array {
    const { qpos, qvel } = this.live();
    out.set(qpos.subarray(0, ANT_NQ));
    out.set(qvel.subarray(0, ANT_NV), ANT_NQ);
    return out;
  }

  protected override resetInfo(): ResetResult["info"] {
    return { goal: [this.goalPoint.x, this.goalPoint.y] };
  }

  protected override extraStateSize(): number {
    return 2;
  }
  protected override writeExtraState(out: Float64Array, offset: number): void {
    out[offset] = this.goalPoint.x;
    out[offset + 1] = this.goalPoint.y;
  }
  protected override readExtraState(state: ArrayLike<number>, offset: number): void {
    this.goalPoint = { x: state[offset], y: state[offset + 1] };
  }
}
