// MountainCarContinuous (Gymnasium v0, reference/environments.md): drive an underpowered car up
// the right hill. State (position, velocity); action: force in [-1, 1] (clipped there). Reward 100
// on reaching position >= 0.45 (the episode terminates there, info.success = true) minus 0.1 u^2
// every step: the classic sparse-reward exploration task (999-step limit).
import { Rng } from "../../engine/rng.js";
import { checkAction } from "../actionCheck.js";
import { registerEnv } from "../registry.js";
import { box, type Env, type ResetOptions, type ResetResult, type StepResult } from "../types.js";

const MIN_POSITION = -1.2;
const MAX_POSITION = 0.6;
const MAX_SPEED = 0.07;
const GOAL_POSITION = 0.45;
const GOAL_VELOCITY = 0;
const POWER = 0.0015;

export class MountainCarContinuous implements Env {
  readonly id = "mountaincar-continuous";
  readonly observationSpace = box([MIN_POSITION, -MAX_SPEED], [MAX_POSITION, MAX_SPEED]);
  readonly actionSpace = box([-1], [1]);
  readonly maxEpisodeSteps = Number.POSITIVE_INFINITY;
  private rng = new Rng(0);
  private position = 0;
  private velocity = 0;
  private started = false;

  reset(opts: ResetOptions = {}): ResetResult {
    if (opts.seed !== undefined) this.rng = new Rng(opts.seed);
    this.position = this.rng.uniformIn(-0.6, -0.4);
    this.velocity = 0;
    this.started = true;
    return { obs: this.observation(), info: { success: false } };
  }

  step(action: ArrayLike<number>): StepResult {
    if (!this.started) throw new Error(`${this.id}: call reset() before step().`);
    checkAction(this.id, action, 1);
    const force = Math.min(Math.max(action[0], -1), 1);
    let velocity = this.velocity + force * POWER - 0.0025 * Math.cos(3 * this.position);
    velocity = Math.min(Math.max(velocity, -MAX_SPEED), MAX_SPEED);
    let position = this.position + velocity;
    position = Math.min(Math.max(position, MIN_POSITION), MAX_POSITION);
    // The left wall is inelastic.
    if (position === MIN_POSITION && velocity < 0) velocity = 0;
    this.position = position;
    this.velocity = velocity;
    const terminated = position >= GOAL_POSITION && velocity >= GOAL_VELOCITY;
    const reward = (terminated ? 100 : 0) - action[0] ** 2 * 0.1;
    return { obs: this.observation(), reward, terminated, truncated: false, info: { success: terminated } };
  }

  /** The state (position, velocity). */
  get state(): [number, number] {
    return [this.position, this.velocity];
  }

  /** Puts the env in state (position, velocity) (as after a reset: stepping may follow). */
  setState(state: readonly [number, number]): void {
    if (state.length !== 2 || !state.every((v) => Number.isFinite(v)))
      throw new Error(
        `${this.id}: a state is 2 finite numbers (position, velocity), got [${state.join(", ")}].`,
      );
    [this.position, this.velocity] = state;
    this.started = true;
  }

  close(): void {}

  private observation(): Float64Array {
    return Float64Array.of(this.position, this.velocity);
  }
}

registerEnv({
  id: "mountaincar-continuous",
  description: "classic control: sparse-reward hill climb (MountainCarContinuous-v0)",
  maxEpisodeSteps: 999,
  make: async () => new MountainCarContinuous(),
});
