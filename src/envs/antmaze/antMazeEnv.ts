// AntMaze (D4RL's antmaze-{umaze,medium,large}-v2 evaluation envs, reference/environments.md):
// the ant must walk from the start cell to the goal cell of a maze. Observation qpos[:15] +
// qvel[:14] = 29 (the goal is not observed); actions in [-1, 1]^8 are scaled to the +-30 motor
// range and clipped (D4RL's NormalizedBoxEnv); sparse reward 1 within 0.5 m of the goal, where
// the evaluation episode also ends (terminateAtGoal). Unlike the Ant task there is no health
// rule: an ant on its back just keeps going until the time limit.
import type { Rng } from "../../engine/rng.js";
import { checkAction } from "../actionCheck.js";
import type { EnvOptionSpecs } from "../envOptions.js";
import { MujocoEnv } from "../mujoco/mujocoEnv.js";
import { loadMujoco, type Mujoco } from "../mujoco/mujocoModule.js";
import { addResetNoise, type ResetNoise } from "../mujoco/resetNoise.js";
import { registerEnv } from "../registry.js";
import { type Box, boxFill, type EnvInfo, type ResetResult, type StepResult } from "../types.js";
import { ANTMAZE_CTRL_LIMIT, antMazeXml } from "./antMazeXml.js";
import { cellCenter, GOAL_RADIUS, type Point2, sampleGoal } from "./mazeGeometry.js";
import { MAZE_NAMES, MAZE_TIME_LIMITS, type MazeLayout, type MazeName, mazeLayout } from "./mazeLayouts.js";

/** The make options of the antmaze-* ids. */
export interface AntMazeMakeOptions {
  /** End the episode (terminated) on reaching the goal, as D4RL's evaluation does; default true. */
  terminateAtGoal?: boolean;
}

export interface AntMazeOptions extends AntMazeMakeOptions {
  maze: MazeName;
}

export const ANTMAZE_OPTIONS: EnvOptionSpecs<AntMazeMakeOptions> = {
  terminateAtGoal: {
    kind: "boolean",
    default: true,
    description: "end the episode on reaching the goal (D4RL's evaluation)",
  },
};

/** D4RL's ant reset noise: qpos ~ qpos0 + U(+-0.1), qvel ~ 0.1 N(0, 1). */
export const ANT_RESET_NOISE: ResetNoise = { scale: 0.1, velocity: "gaussian" };
/** The ant's share of the state: the torso's free joint and 8 hinges. */
const ANT_NQ = 15;
const ANT_NV = 14;

export interface AntMazeStepInfo extends EnvInfo {
  success: boolean;
  /** Distance (m) from the torso's x, y to the goal after the step. */
  goalDistance: number;
}

export class AntMaze extends MujocoEnv {
  readonly observationSpace: Box = boxFill(ANT_NQ + ANT_NV, -Infinity, Infinity);
  /** Actions in [-1, 1], scaled to the motors' +-30 (D4RL's NormalizedBoxEnv). */
  override readonly actionSpace: Box = boxFill(8, -1, 1);
  readonly layout: MazeLayout;
  readonly terminateAtGoal: boolean;
  private goalPoint: Point2;
  private readonly ctrl = new Float64Array(8);

  constructor(mj: Mujoco, opts: AntMazeOptions) {
    const layout = mazeLayout(opts.maze);
    super(mj, { id: `antmaze-${opts.maze}`, xml: antMazeXml(layout), frameSkip: 5 });
    this.layout = layout;
    this.terminateAtGoal = opts.terminateAtGoal ?? true;
    this.goalPoint = cellCenter(layout, layout.goal);
  }

  /** The goal of the current episode (world x, y in meters). */
  get goal(): Point2 {
    return { ...this.goalPoint };
  }

  /** Replaces the current episode's goal (D4RL's set_target); the next reset draws a new one. */
  setGoal(goal: Point2): void {
    if (!Number.isFinite(goal.x) || !Number.isFinite(goal.y))
      throw new Error(`${this.id}: a goal needs finite x and y, got (${goal.x}, ${goal.y}).`);
    this.goalPoint = { x: goal.x, y: goal.y };
  }

  /** The torso's x, y (qpos[0:2]). */
  position(): Point2 {
    const { qpos } = this.live();
    return { x: qpos[0], y: qpos[1] };
  }

  step(action: ArrayLike<number>): StepResult {
    this.assertReady();
    checkAction(this.id, action, 8);
    const lo = -ANTMAZE_CTRL_LIMIT;
    const hi = ANTMAZE_CTRL_LIMIT;
    for (let i = 0; i < 8; i++)
      this.ctrl[i] = Math.min(hi, Math.max(lo, lo + (action[i] + 1) * 0.5 * (hi - lo)));
    this.simulate(this.ctrl);
    const p = this.position();
    const goalDistance = Math.hypot(p.x - this.goalPoint.x, p.y - this.goalPoint.y);
    const success = goalDistance <= GOAL_RADIUS;
    const info: AntMazeStepInfo = { success, goalDistance };
    return {
      obs: this.observation(),
      reward: success ? 1 : 0,
      terminated: this.terminateAtGoal && success,
      truncated: false,
      info,
    };
  }

  /** Draws the episode's goal first (D4RL's v2 reset sets the target before resetting the ant). */
  protected override addResetNoise(qpos: Float64Array, qvel: Float64Array, rng: Rng): void {
    this.goalPoint = sampleGoal(this.layout, rng);
    addResetNoise(qpos, qvel, rng, ANT_RESET_NOISE);
  }

  protected observation(): Float64Array {
    const { qpos, qvel } = this.live();
    const obs = new Float64Array(ANT_NQ + ANT_NV);
    obs.set(qpos.subarray(0, ANT_NQ));
    obs.set(qvel.subarray(0, ANT_NV), ANT_NQ);
    return obs;
  }

  protected override resetInfo(): ResetResult["info"] {
    return { goal: [this.goalPoint.x, this.goalPoint.y] };
  }

  // The goal is part of the state that getState / setState carry.
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

const DESCRIPTIONS: Record<MazeName, string> = {
  umaze: "AntMaze: ant walks through a U-shaped maze to the goal, sparse reward (antmaze-umaze-v2)",
  medium: "AntMaze: ant walks through the medium 8x8 maze to the goal, sparse reward (antmaze-medium-v2)",
  large: "AntMaze: ant walks through the large 12x9 maze to the goal, sparse reward (antmaze-large-v2)",
};

for (const maze of MAZE_NAMES)
  registerEnv<AntMazeMakeOptions>({
    id: `antmaze-${maze}`,
    description: DESCRIPTIONS[maze],
    maxEpisodeSteps: MAZE_TIME_LIMITS[maze],
    options: ANTMAZE_OPTIONS,
    make: async (o) => new AntMaze(await loadMujoco(), { maze, ...o }),
  });
