// Lets an agent act in [-1, 1]^n whatever the env's action box: maps each component linearly onto
// [low, high] (Gymnasium's RescaleAction). Actions outside [-1, 1] are refused, as in Gymnasium.
import { checkAction } from "../actionCheck.js";
import { type Box, boxFill, type Env, type StepResult } from "../types.js";
import { EnvWrapper } from "./envWrapper.js";

export class RescaleAction extends EnvWrapper {
  private readonly unitBox: Box;
  /** The env's box is already [-1, 1]: pass actions through unchanged (bit for bit). */
  private readonly identity: boolean;

  constructor(env: Env) {
    super(env);
    const { low, high } = env.actionSpace;
    for (let i = 0; i < low.length; i++)
      if (!Number.isFinite(low[i]) || !Number.isFinite(high[i]) || !(low[i] < high[i]))
        throw new Error(
          `${env.id}: RescaleAction needs a finite action box with low < high, got [${low[i]}, ${high[i]}] at index ${i}.`,
        );
    this.unitBox = boxFill(low.length, -1, 1);
    this.identity = low.every((v) => v === -1) && high.every((v) => v === 1);
  }

  override get actionSpace(): Box {
    return this.unitBox;
  }

  override step(action: ArrayLike<number>): StepResult {
    const n = this.unitBox.low.length;
    checkAction(this.id, action, n);
    for (let i = 0; i < n; i++)
      if (action[i] < -1 || action[i] > 1)
        throw new Error(`${this.id}: a rescaled action must lie in [-1, 1], got ${action[i]} at index ${i}.`);
    if (this.identity) return this.env.step(action);
    return this.env.step(fromUnitBox(action, this.env.actionSpace));
  }
}

/** Maps an action in [-1, 1]^n linearly onto the box [low, high]. */
export function fromUnitBox(action: ArrayLike<number>, space: Pick<Box, "low" | "high">): Float64Array {
  const { low, high } = space;
  const scaled = new Float64Array(action.length);
  for (let i = 0; i < action.length; i++) scaled[i] = low[i] + (action[i] + 1) * 0.5 * (high[i] - low[i]);
  return scaled;
}
