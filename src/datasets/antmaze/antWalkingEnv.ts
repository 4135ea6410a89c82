// The goal-reaching walking task that trains the AntMaze data collector's walking policy (D4RL
// trained its policy on GoalReachingAntEnv: the same ant on an open floor, with goals around it).
//   physics      the AntMaze ant (antMazeXml: D4RL's ant.xml, timestep 0.02, frame skip 5, motors
//                +-30), on an open floor without walls; actions in [-1, 1]^8 scaled to the motors;
//   observation  walkerObservation.ts: qpos[2:15], qvel[0:14], goal offset in the heading frame (29);
//   goals        at U(minGoalDistance, maxGoalDistance) m from the torso in a uniformly random
//                direction; on reaching one (within GOAL_RADIUS, 0.5 m) the next is drawn around
//                the torso's new position;
//   reward       progress toward the goal, (distance before - distance after) / dt in m/s, minus
//                ctrlCostWeight * sum(a^2); D4RL used -distance with no control cost. Progress is
//                measured to the goal that was pursued during the step, before any re-draw;
//   episodes     never terminate (an ant on its back just stops making progress, as in the maze);
//                the training loop truncates them at its time limit.
import type { Rng } from "../../engine/rng.js";
import { checkAction } from "../../envs/actionCheck.js";
import { ANT_RESET_NOISE, AntGoalEnv } from "../../envs/antmaze/antGoalEnv.js";
import { ANTMAZE_CTRL_LIMIT, antMazeXml } from "../../envs/antmaze/antMazeXml.js";
import { GOAL_RADIUS } from "../../envs/antmaze/mazeGeometry.js";
import type { MazeLayout } from "../../envs/antmaze/mazeLayouts.js";
import type { Mujoco } from "../../envs/mujoco/mujocoModule.js";
import { addResetNoise } from "../../envs/mujoco/resetNoise.js";
import { type Box, boxFill, type EnvInfo, type StepResult } from "../../envs/types.js";
import { walkingTaskSchema } from "../../settings/datasets.js";
import { ANT_STATE_SIZE, WALKER_OBSERVATION_SIZE, writeWalkerObservation } from "./walkerObservation.js";

/** No "ant" token in the id: metrics would score the run with D4RL's Ant returns (d4rlFamilyOf). */
export const ANT_WALKING_ENV_ID = "antwalk-to-goal";

export interface AntWalkingTask {
  /** Goals are drawn at U(minGoalDistance, maxGoalDistance) meters from the torso. */
  minGoalDistance: number;
  maxGoalDistance: number;
  /** Weight of sum(a^2) (a in [-1, 1]^8) subtracted from the progress reward. */
  ctrlCostWeight: number;
}

/** The task's defaults, from its settings (settings/datasets.ts). */
export const DEFAULT_ANT_WALKING_TASK: AntWalkingTask = walkingTaskSchema.parse({});

/** The AntMaze model with no wall: a one-cell free "maze" adds no wall geoms. */
const OPEN_FLOOR: MazeLayout = {
  name: "umaze",
  rows: 1,
  cols: 1,
  walls: [[false]],
  start: { row: 0, col: 0 },
  goal: { row: 0, col: 0 },
};

export function antWalkingXml(): string {
  return antMazeXml(OPEN_FLOOR).replace('model="antmaze-umaze"', `model="${ANT_WALKING_ENV_ID}"`);
}

export interface AntWalkingStepInfo extends EnvInfo {
  /** The goal was reached during this step (and a new one drawn). */
  success: boolean;
  /** Distance (m) to the goal pursued during the step, after the step. */
  goalDistance: number;
  /** Goals reached since the reset. */
  goalsReached: number;
}

export class AntWalkingEnv extends AntGoalEnv {
  readonly observationSpace: Box = boxFill(WALKER_OBSERVATION_SIZE, -Infinity, Infinity);
  readonly task: AntWalkingTask;
  private distance = 0;
  private goalsReached = 0;
  private readonly antState = new Float64Array(ANT_STATE_SIZE);

  constructor(mj: Mujoco, task: AntWalkingTask = DEFAULT_ANT_WALKING_TASK) {
    super(mj, { id: ANT_WALKING_ENV_ID, xml: antWalkingXml(), frameSkip: 5 });
    const { minGoalDistance: lo, maxGoalDistance: hi, ctrlCostWeight } = task;
    if (!(lo > GOAL_RADIUS && hi >= lo && Number.isFinite(hi)))
      throw new Error(
        `${ANT_WALKING_ENV_ID}: goal distances need ${GOAL_RADIUS} < minGoalDistance <= maxGoalDistance (finite), got ${lo} and ${hi}.`,
      );
    if (!(ctrlCostWeight >= 0))
      throw new Error(`${ANT_WALKING_ENV_ID}: ctrlCostWeight must be >= 0, got ${ctrlCostWeight}.`);
    this.task = { ...task };
  }

  step(action: ArrayLike<number>): StepResult {
    this.assertReady();
    checkAction(this.id, action, 8);
    let ctrlCost = 0;
    for (let i = 0; i < 8; i++) {
      const a = Math.min(1, Math.max(-1, action[i]));
      this.ctrl[i] = ANTMAZE_CTRL_LIMIT * a;
      ctrlCost += a * a;
    }
    this.simulate(this.ctrl);
    const before = this.distance;
    this.distance = this.distanceToGoal();
    const goalDistance = this.distance;
    const reward = (before - goalDistance) / this.dt - this.task.ctrlCostWeight * ctrlCost;
    const success = goalDistance <= GOAL_RADIUS;
    if (success) {
      this.goalsReached++;
      this.drawGoal(this.rng);
    }
    const info: AntWalkingStepInfo = { success, goalDistance, goalsReached: this.goalsReached };
    return { obs: this.observation(), reward, terminated: false, truncated: false, info };
  }

  /** D4RL's ant reset noise, as AntMaze's. */
  protected addResetNoise(qpos: Float64Array, qvel: Float64Array, rng: Rng): void {
    addResetNoise(qpos, qvel, rng, ANT_RESET_NOISE);
    this.goalsReached = 0;
  }

  /** After reset (and setQposQvel): a goal around the torso's position. */
  protected override onStateSet(): void {
    this.drawGoal(this.rng);
  }

  protected observation(): Float64Array {
    const out = new Float64Array(WALKER_OBSERVATION_SIZE);
    return writeWalkerObservation(
      this.writeAntState(this.antState),
      this.goalPoint,
      this.task.maxGoalDistance,
      out,
    );
  }

  private drawGoal(rng: Rng): void {
    const p = this.position();
    const r = rng.uniformIn(this.task.minGoalDistance, this.task.maxGoalDistance);
    const angle = rng.uniformIn(0, 2 * Math.PI);
    this.goalPoint = { x: p.x + r * Math.cos(angle), y: p.y + r * Math.sin(angle) };
    this.distance = this.distanceToGoal();
  }

  private distanceToGoal(): number {
    const p = this.position();
    return Math.hypot(p.x - this.goalPoint.x, p.y - this.goalPoint.y);
  }

  // The count of reached goals is part of the state getState / setState carry, after the goal.
  protected override extraStateSize(): number {
    return super.extraStateSize() + 1;
  }
  protected override writeExtraState(out: Float64Array, offset: number): void {
    super.writeExtraState(out, offset);
    out[offset + 2] = this.goalsReached;
  }
  protected override readExtraState(state: ArrayLike<number>, offset: number): void {
    super.readExtraState(state, offset);
    this.goalsReached = state[offset + 2];
    this.distance = this.distanceToGoal();
  }
}
