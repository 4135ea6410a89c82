// The real collector's parts: the ant in an AntMaze env as a MazeBody, and the trained walking
// policy as the WaypointFollower that walks it toward each waypoint.
import type { Rng } from "../../engine/rng.js";
import { AntMaze } from "../../envs/antmaze/antMazeEnv.js";
import type { Point2 } from "../../envs/antmaze/mazeGeometry.js";
import type { MazeName } from "../../envs/antmaze/mazeLayouts.js";
import { loadMujoco } from "../../envs/mujoco/mujocoModule.js";
import type { BehaviorPolicy } from "../behaviorPolicy.js";
import type { MazeBody, WaypointFollower } from "./mazeCollector.js";
import { WALKER_OBSERVATION_SIZE, writeWalkerObservation } from "./walkerObservation.js";

/**
 * The ant in antmaze-<maze>, never ending its episode at the goal (the collector cuts episodes).
 * placeAt replaces the torso's x, y after the reset noise (D4RL's non_zero_reset).
 */
export async function antMazeBody(maze: MazeName): Promise<MazeBody & { env: AntMaze }> {
  const env = new AntMaze(await loadMujoco(), { maze, terminateAtGoal: false });
  return {
    env,
    layout: env.layout,
    placeAt(p: Point2): Float64Array {
      const qpos = env.getQpos();
      qpos[0] = p.x;
      qpos[1] = p.y;
      env.setQposQvel(qpos, env.getQvel());
      return env.currentObservation();
    },
  };
}

/** The walking policy (trained on antWalkingEnv.ts) following waypoints; actions sampled from it. */
export function walkingPolicyFollower(policy: BehaviorPolicy, maxGoalDistance: number): WaypointFollower {
  if (policy.info.obsDim !== WALKER_OBSERVATION_SIZE || policy.info.actDim !== 8)
    throw new Error(
      `The ant walking policy must take ${WALKER_OBSERVATION_SIZE} observations and give 8 actions; this one (${policy.info.env}) takes ${policy.info.obsDim} and gives ${policy.info.actDim}.`,
    );
  const input = new Float64Array(WALKER_OBSERVATION_SIZE);
  return (obs: Float64Array, waypoint: Point2, rng: Rng) =>
    policy.act(writeWalkerObservation(obs, waypoint, maxGoalDistance, input), rng);
}
