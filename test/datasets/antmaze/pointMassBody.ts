// A TEST DOUBLE for the planner and the collector's bookkeeping, not the real collector's body: a
// point that moves by maxStep * action (x, y) per step inside the maze's free cells (a move that
// would end inside a wall block is cancelled axis by axis), with a proportional controller that
// steers it straight at the waypoint. The real collector walks the MuJoCo ant with the trained
// walking policy (src/datasets/antmaze/antMazeBody.ts).
import type { MazeBody, WaypointFollower } from "../../../src/datasets/antmaze/mazeCollector.js";
import { cellAt, isWall, type Point2 } from "../../../src/envs/antmaze/mazeGeometry.js";
import type { MazeLayout } from "../../../src/envs/antmaze/mazeLayouts.js";
import { boxFill, type Env, type StepResult } from "../../../src/envs/types.js";

export class PointMassInMaze implements Env {
  readonly id = "point-mass-maze";
  readonly observationSpace = boxFill(2, -Infinity, Infinity);
  readonly actionSpace = boxFill(2, -1, 1);
  readonly maxEpisodeSteps = Number.POSITIVE_INFINITY;
  /** Moves cancelled because they would have entered a wall. */
  blockedMoves = 0;
  private p: Point2 = { x: 0, y: 0 };

  constructor(
    readonly layout: MazeLayout,
    readonly maxStep = 0.5,
  ) {}

  private obs(): Float64Array {
    return Float64Array.of(this.p.x, this.p.y);
  }

  reset() {
    this.p = { x: 0, y: 0 };
    return { obs: this.obs(), info: {} };
  }

  place(p: Point2): Float64Array {
    this.p = { ...p };
    return this.obs();
  }

  step(action: ArrayLike<number>): StepResult {
    const free = (q: Point2) => !isWall(this.layout, cellAt(this.layout, q));
    const x = { x: this.p.x + this.maxStep * action[0], y: this.p.y };
    if (free(x)) this.p = x;
    else this.blockedMoves++;
    const y = { x: this.p.x, y: this.p.y + this.maxStep * action[1] };
    if (free(y)) this.p = y;
    else this.blockedMoves++;
    return { obs: this.obs(), reward: 0, terminated: false, truncated: false, info: {} };
  }

  close(): void {}
}

export function pointMassBody(layout: MazeLayout): MazeBody & { env: PointMassInMaze } {
  const env = new PointMassInMaze(layout);
  return { env, layout, placeAt: (p) => env.place(p) };
}

/** Action = gain * (waypoint - position), clipped to [-1, 1]. */
export function proportionalFollower(gain = 1): WaypointFollower {
  return (obs, w) => [
    Math.max(-1, Math.min(1, gain * (w.x - obs[0]))),
    Math.max(-1, Math.min(1, gain * (w.y - obs[1]))),
  ];
}
