// The environment interface (Gymnasium semantics, ../DESIGN.md "Interfaces"): terminated means the
// MDP ended (no bootstrapping); truncated means a time limit cut the episode.
import type { Rng } from "../engine/rng.js";
import { BoxSpace } from "./boxSpace.js";

/** A box-shaped space: every component in [low[i], high[i]] (may be +-Infinity). */
export interface Box {
  readonly shape: readonly number[];
  readonly low: Float64Array;
  readonly high: Float64Array;
  /** A point of the space drawn from `rng` (Gymnasium's Box.sample: boxSpace.ts). */
  sample(rng: Rng): Float64Array;
  /** Whether `x` has the space's size and lies within its bounds. */
  contains(x: ArrayLike<number>): boolean;
}

export interface EnvInfo {
  /** Root x position after the step (locomotion). */
  xPosition?: number;
  /** Root x velocity over the step (locomotion): the forward reward's dx/dt. */
  xVelocity?: number;
  /** Goal tasks (AntMaze, MountainCar): the goal was reached. */
  success?: boolean;
  [key: string]: unknown;
}

export interface ResetResult {
  obs: Float64Array;
  info: EnvInfo;
}

export interface StepResult {
  obs: Float64Array;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: EnvInfo;
}

export interface ResetOptions {
  /** Reseeds the env's generator (as Gymnasium's reset(seed=...)); without it the stream continues. */
  seed?: number;
}

export interface Env {
  readonly id: string;
  readonly observationSpace: Box;
  readonly actionSpace: Box;
  /** Time limit in steps (episodes are truncated there); Infinity when there is none. */
  readonly maxEpisodeSteps: number;
  reset(opts?: ResetOptions): ResetResult;
  step(action: ArrayLike<number>): StepResult;
  /** Frees native (wasm) resources; the env must not be used afterwards. */
  close(): void;
}

export function box(low: ArrayLike<number>, high: ArrayLike<number>): Box {
  return new BoxSpace(Float64Array.from(low), Float64Array.from(high));
}

export function boxFill(n: number, low: number, high: number): Box {
  return box(new Array<number>(n).fill(low), new Array<number>(n).fill(high));
}
