// The locomotion task shared by Hopper, Walker2d, HalfCheetah and Ant (Gymnasium v4, see
// reference/environments.md): reward = forward_weight * dx/dt + healthy_reward - ctrl_weight * sum(a^2)
// where dx is the change of the robot's x position over the env step; the episode terminates as
// soon as the robot is unhealthy (robots without a health rule never terminate). As in v4, with
// terminate_when_unhealthy off the episode goes on and the healthy reward is paid only while healthy.
import type { Rng } from "../../engine/rng.js";
import { checkAction } from "../actionCheck.js";
import type { EnvOptionSpec } from "../envOptions.js";
import type { EnvInfo, ResetResult, StepResult } from "../types.js";
import { MujocoEnv, type MujocoEnvOptions } from "./mujocoEnv.js";
import type { Mujoco } from "./mujocoModule.js";
import { addResetNoise, type ResetNoise } from "./resetNoise.js";

export interface LocomotionOptions extends MujocoEnvOptions {
  forwardRewardWeight: number;
  ctrlCostWeight: number;
  /** Reward for every step after which the robot is healthy (every step when unhealthy ends the episode). */
  healthyReward: number;
  /** End the episode when the robot becomes unhealthy; default true. */
  terminateWhenUnhealthy?: boolean;
  /** qpos ~ qpos0 + U(+-scale); qvel ~ U(+-scale) ("uniform") or scale * N(0, 1) ("gaussian"). */
  resetNoise: ResetNoise;
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

/** The make options of Gymnasium's v4 constructors that the locomotion robots share (camelCase). */
export interface LocomotionMakeOptions {
  forwardRewardWeight?: number;
  ctrlCostWeight?: number;
  resetNoiseScale?: number;
}

/** The health options of the robots with a health rule (all but HalfCheetah). */
export interface HealthMakeOptions {
  healthyReward?: number;
  terminateWhenUnhealthy?: boolean;
}

/** Declarations of the shared options, given the robot's v4 defaults. */
export const locomotionOptionSpecs = (d: { ctrlCostWeight: number; resetNoiseScale: number }) => ({
  forwardRewardWeight: {
    kind: "number",
    default: 1,
    description: "weight of the forward velocity dx/dt in the reward",
  } satisfies EnvOptionSpec,
  ctrlCostWeight: {
    kind: "number",
    default: d.ctrlCostWeight,
    description: "weight of the control cost sum(a^2)",
  } satisfies EnvOptionSpec,
  resetNoiseScale: {
    kind: "number",
    default: d.resetNoiseScale,
    min: 0,
    description: "scale of the noise added to the initial qpos and qvel on reset",
  } satisfies EnvOptionSpec,
});

export const healthOptionSpecs = {
  healthyReward: {
    kind: "number",
    default: 1,
    description: "reward for every step after which the robot is healthy",
  } satisfies EnvOptionSpec,
  terminateWhenUnhealthy: {
    kind: "boolean",
    default: true,
    description: "end the episode when the robot becomes unhealthy",
  } satisfies EnvOptionSpec,
};

export abstract class LocomotionEnv extends MujocoEnv {
  readonly forwardRewardWeight: number;
  readonly ctrlCostWeight: number;
  readonly healthyReward: number;
  readonly terminateWhenUnhealthy: boolean;
  private readonly resetNoise: ResetNoise;
  /** The x position the next step's dx is measured from (the previous step's "after"). */
  private referenceX = 0;

  constructor(mj: Mujoco, opts: LocomotionOptions) {
    super(mj, opts);
    this.forwardRewardWeight = opts.forwardRewardWeight;
    this.ctrlCostWeight = opts.ctrlCostWeight;
    this.healthyReward = opts.healthyReward;
    this.terminateWhenUnhealthy = opts.terminateWhenUnhealthy ?? true;
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
    const healthy = this.isHealthy();
    const rewardSurvive = healthy || this.terminateWhenUnhealthy ? this.healthyReward : 0;
    // Same grouping as Gymnasium: (forward + healthy) - costs.
    const reward = rewardForward + rewardSurvive - ctrlCost;
    const info: LocomotionInfo = {
      xPosition: xAfter,
      xVelocity,
      rewardForward,
      rewardCtrl: -ctrlCost,
      rewardSurvive,
    };
    const terminated = this.terminateWhenUnhealthy && !healthy;
    return { obs: this.observation(), reward, terminated, truncated: false, info };
  }

  /** The robot passes its health rule (always true for robots that never terminate). */
  abstract isHealthy(): boolean;

  /** The x position that the forward reward differentiates: qpos[0] unless a robot says otherwise. */
  protected xPosition(): number {
    return this.live().qpos[0];
  }

  protected override addResetNoise(qpos: Float64Array, qvel: Float64Array, rng: Rng): void {
    addResetNoise(qpos, qvel, rng, this.resetNoise);
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
