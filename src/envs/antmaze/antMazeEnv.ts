// AntMaze (D4RL's antmaze-{umaze,medium,large}-v2 evaluation envs, reference/environments.md):
// the ant must walk from the start cell to the goal cell of a maze. Observation qpos[:15] +
// qvel[:14] = 29 (the goal is not observed); actions in [-1, 1]^8 are scaled to the +-30 motor
// range and clipped (D4RL's NormalizedBoxEnv); sparse reward 1 within 0.5 m of the goal, where
// the evaluation episode also ends (terminateAtGoal). Unlike the Ant task there is no health
// rule: an ant on its back just keeps going until the time limit.
import type { Rng } from "../../engine/rng.js";
import { checkAction } from "../actionCheck.js";
import type { EnvOptionSpecs } from "../envOptions.js";
import { loadMujoco, type Mujoco } from "../mujoco/mujocoModule.js";
import { addResetNoise } from "../mujoco/resetNoise.js";
import { registerEnv } from "../registry.js";
import { type Box, boxFill, type EnvInfo, type StepResult } from "../types.js";
import { ANT_NQ, ANT_NV, ANT_RESET_NOISE, AntGoalEnv } from "./antGoalEnv.js";
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

export interface AntMazeStepInfo extends EnvInfo {
  success: boolean;
  /** Distance (m) from the torso's x, y to the goal after the step. */
  goalDistance: number;
}

export class AntMaze extends AntGoalEnv {
  readonly observationSpace: Box = boxFill(ANT_NQ + ANT_NV, -Infinity, Infinity);
  readonly layout: MazeLayout;
  readonly terminateAtGoal: boolean;

  constructor(mj: Mujoco, opts: AntMazeOptions) {
    const layout = mazeLayout(opts.maze);
    super(mj, { id: `antmaze-${opts.maze}`, xml: antMazeXml(layout), frameSkip: 5 });
    this.layout = layout;
    this.terminateAtGoal = opts.terminateAtGoal ?? true;
    this.goalPoint = cellCenter(layout, layout.goal);
  }

  /** Replaces the current episode's goal (D4RL's set_target); the next reset draws a new one. */
  setGoal(goal: Point2): void {
    if (!Number.isFinite(goal.x) || !Number.isFinite(goal.y))
      throw new Error(`${this.id}: a goal needs finite x and y, got (${goal.x}, ${goal.y}).`);
    this.goalPoint = { x: goal.x, y: goal.y };
  }

  /** Actions in [-1, 1] are scaled to the motors' +-30 and clipped (D4RL's NormalizedBoxEnv). */
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
    return this.writeAntState(new Float64Array(ANT_NQ + ANT_NV));
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
