// The locomotion task shared by Hopper, Walker2d, HalfCheetah and Ant (Gymnasium v4, see
// reference/environments.md): reward = forward_weight * dx/dt + healthy_reward - ctrl_weight * sum(a^2)
// where dx is the change of the robot's x position over the env step; the episode terminates as
// soon as the robot is unhealthy (robots without a health rule never terminate).
import type { Rng } from "../../engine/rng.js";
import { checkAction } from "../actionCheck.js";
import type { EnvInfo, ResetResult, StepResult } from "../types.js";
import { MujocoEnv, type MujocoEnvOptions } from "./mujocoEnv.js";
import type { Mujoco } from "./mujocoModule.js";

export interface LocomotionOptions extends MujocoEnvOptions {
  forwardRewardWeight: number;
  ctrlCostWeight: number;
  /** Reward for every step (the robot is healthy after every step that does not terminate). */
  healthyReward: number;
  /** qpos ~ qpos0 + U(+-scale); qvel ~ U(+-scale) ("uniform") or scale * N(0, 1) ("gaussian"). */
  resetNoise: { scale: number; velocity: "uniform" | "gaussian" };
}

/** A locomotion step's info: the x position after the step, dx/dt and the reward terms. */
export interface LocomotionInfo extends EnvInfo {
  xPosition: number;
  xVelocity: number;
  rewardForward: number;
  /** Minus the control cost. */
  rewardCtrl: number;
  rewardSurvive: number;
}

export abstract class LocomotionEnv extends MujocoEnv {
  readonly forwardRewardWeight: number;
  readonly ctrlCostWeight: number;
  readonly healthyReward: number;
  private readonly resetNoise: LocomotionOptions["resetNoise"];
  /** The x position the next step's dx is measured from (the previous step's "after"). */
  private referenceX = 0;

  constructor(mj: Mujoco, opts: LocomotionOptions) {
    super(mj, opts);
    this.forwardRewardWeight = opts.forwardRewardWeight;
    this.ctrlCostWeight = opts.ctrlCostWeight;
    this.healthyReward = opts.healthyReward;
    this.resetNoise = opts.resetNoise;
  }

  step(action: ArrayLike<number>): StepResult {
    this.assertReady();
    checkAction(this.id, action, this.actionSpace.low.length);
    const xBefore = this.referenceX;
    this.simulate(action);
    const xAfter = this.xPosition();
    this.referenceX = xAfter;
    const xVelocity = (xAfter - xBefore) / this.dt;
    let sumSquares = 0;
    for (let i = 0; i < action.length; i++) sumSquares += action[i] * action[i];
    const ctrlCost = this.ctrlCostWeight * sumSquares;
    const rewardForward = this.forwardRewardWeight * xVelocity;
    // Same grouping as Gymnasium: (forward + healthy) - costs.
    const reward = rewardForward + this.healthyReward - ctrlCost;
    const info: LocomotionInfo = {
      xPosition: xAfter,
      xVelocity,
      rewardForward,
      rewardCtrl: -ctrlCost,
      rewardSurvive: this.healthyReward,
    };
    return { obs: this.observation(), reward, terminated: !this.isHealthy(), truncated: false, info };
  }

  /** The robot passes its health rule (always true for robots that never terminate). */
  abstract isHealthy(): boolean;

  /** The x position that the forward reward differentiates: qpos[0] unless a robot says otherwise. */
  protected xPosition(): number {
    return this.live().qpos[0];
  }

  protected override addResetNoise(qpos: Float64Array, qvel: Float64Array, rng: Rng): void {
    const { scale, velocity } = this.resetNoise;
    for (let i = 0; i < qpos.length; i++) qpos[i] += rng.uniformIn(-scale, scale);
    if (velocity === "uniform") for (let i = 0; i < qvel.length; i++) qvel[i] += rng.uniformIn(-scale, scale);
    else for (let i = 0; i < qvel.length; i++) qvel[i] += scale * rng.gaussian();
  }

  protected override resetInfo(): ResetResult["info"] {
    return { xPosition: this.referenceX };
  }

  protected override onStateSet(): void {
    this.referenceX = this.xPosition();
  }

  protected override extraStateSize(): number {
    return 1;
  }
  protected override writeExtraState(out: Float64Array, offset: number): void {
    out[offset] = this.referenceX;
  }
  protected override readExtraState(state: ArrayLike<number>, offset: number): void {
    this.referenceX = state[offset];
  }
}
