// Pendulum (Gymnasium Pendulum-v1 dynamics, reference/environments.md): swing a frictionless
// pendulum up and keep it upright. State (theta, thetaDot), theta = 0 pointing up. Observation
// (cos theta, sin theta, thetaDot); action: torque in [-2, 2] (clipped there);
// reward = -(normalized theta^2 + 0.1 thetaDot^2 + 0.001 u^2). Never terminates (200-step limit).
import { Rng } from "../../engine/rng.js";
import { checkAction } from "../actionCheck.js";
import { registerEnv } from "../registry.js";
import { box, type Env, type ResetOptions, type ResetResult, type StepResult } from "../types.js";

const GRAVITY = 10;
const MASS = 1;
const LENGTH = 1;
const DT = 0.05;
const MAX_TORQUE = 2;
const MAX_SPEED = 8;

/** theta wrapped to [-pi, pi) (Python's modulo, which takes the divisor's sign). */
export function normalizeAngle(theta: number): number {
  const twoPi = 2 * Math.PI;
  const r = (theta + Math.PI) % twoPi;
  return (r < 0 ? r + twoPi : r) - Math.PI;
}

export class Pendulum implements Env {
  readonly id = "pendulum";
  readonly observationSpace = box([-1, -1, -MAX_SPEED], [1, 1, MAX_SPEED]);
  readonly actionSpace = box([-MAX_TORQUE], [MAX_TORQUE]);
  readonly maxEpisodeSteps = Number.POSITIVE_INFINITY;
  private rng = new Rng(0);
  private theta = 0;
  private thetaDot = 0;
  private started = false;

  reset(opts: ResetOptions = {}): ResetResult {
    if (opts.seed !== undefined) this.rng = new Rng(opts.seed);
    this.theta = this.rng.uniformIn(-Math.PI, Math.PI);
    this.thetaDot = this.rng.uniformIn(-1, 1);
    this.started = true;
    return { obs: this.observation(), info: {} };
  }

  step(action: ArrayLike<number>): StepResult {
    if (!this.started) throw new Error(`${this.id}: call reset() before step().`);
    checkAction(this.id, action, 1);
    const u = Math.min(Math.max(action[0], -MAX_TORQUE), MAX_TORQUE);
    const th = this.theta;
    const thDot = this.thetaDot;
    const cost = normalizeAngle(th) ** 2 + 0.1 * thDot ** 2 + 0.001 * u ** 2;
    let newThDot =
      thDot + (((3 * GRAVITY) / (2 * LENGTH)) * Math.sin(th) + (3 / (MASS * LENGTH ** 2)) * u) * DT;
    newThDot = Math.min(Math.max(newThDot, -MAX_SPEED), MAX_SPEED);
    this.theta = th + newThDot * DT;
    this.thetaDot = newThDot;
    return { obs: this.observation(), reward: -cost, terminated: false, truncated: false, info: {} };
  }

  /** The state (theta, thetaDot). */
  get state(): [number, number] {
    return [this.theta, this.thetaDot];
  }

  /** Puts the env in state (theta, thetaDot) (as after a reset: stepping may follow). */
  setState(state: readonly [number, number]): void {
    if (state.length !== 2 || !state.every((v) => Number.isFinite(v)))
      throw new Error(
        `${this.id}: a state is 2 finite numbers (theta, thetaDot), got [${state.join(", ")}].`,
      );
    [this.theta, this.thetaDot] = state;
    this.started = true;
  }

  close(): void {}

  private observation(): Float64Array {
    return Float64Array.of(Math.cos(this.theta), Math.sin(this.theta), this.thetaDot);
  }
}

registerEnv({
  id: "pendulum",
  description: "classic control: swing a pendulum upright (Pendulum-v1 dynamics)",
  maxEpisodeSteps: 200,
  make: async () => new Pendulum(),
});
