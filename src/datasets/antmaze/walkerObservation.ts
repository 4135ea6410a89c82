// The input of the goal-reaching ant walking policy, the low-level half of D4RL's AntMaze data
// collector: the ant's own observation without its x, y (qpos[2:15] and qvel[0:14], 27 numbers, as
// D4RL's walking policy saw it) followed by the goal relative to the torso (2 numbers).
//
// Unlike D4RL (goal offset in world axes, scaled to a norm of 10 at collection time), the goal
// offset is given in the torso's heading frame (rotated by minus the torso's yaw about the vertical:
// +x ahead, +y to the left) and its length is capped at maxGoalDistance, the farthest goal the
// policy was trained on: the policy need not learn to rotate the offset by its own orientation,
// and farther waypoints look like the farthest trained ones.
import type { Point2 } from "../../envs/antmaze/mazeGeometry.js";

/** qpos[:15] (torso x, y, z, quaternion w x y z, 8 joint angles) then qvel[:14]: AntMaze's observation. */
export const ANT_STATE_SIZE = 29;
export const WALKER_OBSERVATION_SIZE = 29;

/** Yaw (rotation about +z) of a unit quaternion (w, x, y, z). */
export function yawOf(w: number, x: number, y: number, z: number): number {
  return Math.atan2(2 * (w * z + x * y), 1 - 2 * (y * y + z * z));
}

/** The goal's offset from the torso in the heading frame, capped at maxDistance. */
export function goalInHeadingFrame(antState: ArrayLike<number>, goal: Point2, maxDistance: number): Point2 {
  const dx = goal.x - antState[0];
  const dy = goal.y - antState[1];
  const yaw = yawOf(antState[3], antState[4], antState[5], antState[6]);
  const c = Math.cos(yaw);
  const s = Math.sin(yaw);
  const d = Math.hypot(dx, dy);
  const scale = d > maxDistance ? maxDistance / d : 1;
  return { x: scale * (c * dx + s * dy), y: scale * (-s * dx + c * dy) };
}

/** Writes the walking policy's input for an ant state (AntMaze's observation layout) into `out`. */
export function writeWalkerObservation(
  antState: ArrayLike<number>,
  goal: Point2,
  maxDistance: number,
  out: Float64Array,
): Float64Array {
  if (antState.length !== ANT_STATE_SIZE)
    throw new Error(
      `The ant walking policy needs the ant's qpos[:15] and qvel[:14] (${ANT_STATE_SIZE} numbers), got ${antState.length}.`,
    );
  for (let i = 2; i < ANT_STATE_SIZE; i++) out[i - 2] = antState[i];
  const g = goalInHeadingFrame(antState, goal, maxDistance);
  out[ANT_STATE_SIZE - 2] = g.x;
  out[ANT_STATE_SIZE - 1] = g.y;
  return out;
}
