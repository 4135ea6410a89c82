// Collects an AntMaze dataset the way D4RL's generate_ant_maze_datasets.py did (with --noisy and
// --multi_start), in any body that walks in a maze (the ant in AntMaze; a point mass in tests):
//   - every episode of `episodeSteps` (1000) rows starts at a random start point of the variant
//     (mazeTasks.ts) with a goal drawn for it; when the body comes within GOAL_RADIUS of its goal a
//     new goal is drawn (D4RL kept one goal per episode; re-drawing covers more of the maze);
//   - at every step the planner (mazePlanner.ts) gives the waypoint toward the goal and the
//     follower (the walking policy) acts toward it; Gaussian noise of std actionNoise (0.2) is
//     added to its action, which is clipped to [-1, 1];
//   - rows hold the observation before the step, the action, the sparse reward, terminal (0 unless
//     the body's MDP ends: never in AntMaze without terminateAtGoal), timeout (1 on an episode's last
//     row, D4RL v2's time-outs), the next observation, infos/goal (the goal pursued) and
//     infos/qpos / infos/qvel (the state before the step);
//   - the reward is D4RL's relabelling (scripts/generation/relabel_antmaze_rewards.py): 1 when the
//     position after the step is within GOAL_RADIUS of `rewardGoal`, the evaluation task's goal,
//     else 0, whatever goal the body pursued, so that the data scores the maze's evaluation task.
// The body's position is its observation's first two numbers (x, y), as in AntMaze.
// Randomness: reset seeds, starts and goals, waypoint noise and actions come from four streams
// split off one Rng seeded with randomStreams.mazeRollout(seed): the same seed gives the same rows.
import { Rng } from "../../engine/rng.js";
import { GOAL_RADIUS, type Point2 } from "../../envs/antmaze/mazeGeometry.js";
import type { MazeLayout } from "../../envs/antmaze/mazeLayouts.js";
import type { Env } from "../../envs/types.js";
import { eventLoopYielder } from "../../experiments/loops/eventLoopYielder.js";
import { randomStreams } from "../../util/randomStreams.js";
import { type CollectedRollouts, emptyRollouts } from "../rolloutCollector.js";
import { D4RL_WAYPOINT_NOISE, MazePlanner } from "./mazePlanner.js";
import { type AntMazeVariant, mazeTask, sampleGoalPoint, sampleStartPoint } from "./mazeTasks.js";

/** A body in a maze: an env whose observations start with the body's x, y. */
export interface MazeBody {
  /** The env, without a time limit (the collector cuts episodes), acting in [-1, 1]^actDim. */
  readonly env: Env;
  readonly layout: MazeLayout;
  /** Right after a reset: moves the body to `p`, keeping the rest of its reset state; returns the observation there. */
  placeAt(p: Point2): Float64Array;
}

/** Chooses an action in [-1, 1]^actDim that moves the body toward `waypoint`; noise from rng. */
export type WaypointFollower = (obs: Float64Array, waypoint: Point2, rng: Rng) => ArrayLike<number>;

/** D4RL's --noisy: N(0, 0.2^2) added to every action. */
export const D4RL_ACTION_NOISE = 0.2;
/** D4RL's --max_episode_steps. */
export const D4RL_MAZE_EPISODE_STEPS = 1000;

export interface MazeCollectOptions {
  body: MazeBody;
  follower: WaypointFollower;
  variant: AntMazeVariant;
  size: number;
  seed: number;
  /** The evaluation goal that the sparse reward is measured to. */
  rewardGoal: Point2;
  /** Default D4RL_MAZE_EPISODE_STEPS. */
  episodeSteps?: number;
  /** Default D4RL_ACTION_NOISE. */
  actionNoise?: number;
  /** Default D4RL_WAYPOINT_NOISE. */
  waypointNoise?: number;
  onProgress?: (rows: number) => void;
}

export interface CollectedMazeRollouts extends CollectedRollouts {
  /** size x 2: the goal pursued at each row (D4RL's infos/goal). */
  goals: Float32Array;
  /** Goals drawn (one per episode start, one per goal reached) and goals reached. */
  goalsDrawn: number;
  goalsReached: number;
  /** Rows whose reward is 1. */
  rewardRows: number;
}

const PROGRESS_EVERY = 1000;

function checkOptions(o: MazeCollectOptions, episodeSteps: number, actionNoise: number): void {
  if (!Number.isInteger(o.size) || o.size < 1)
    throw new Error(`A dataset's size must be a positive integer, got ${o.size}.`);
  if (!Number.isInteger(episodeSteps) || episodeSteps < 1)
    throw new Error(`The maze episode length must be a positive integer, got ${episodeSteps}.`);
  if (!(actionNoise >= 0)) throw new Error(`The action noise must be >= 0, got ${actionNoise}.`);
}

export async function collectMazeRollouts(opts: MazeCollectOptions): Promise<CollectedMazeRollouts> {
  const episodeSteps = opts.episodeSteps ?? D4RL_MAZE_EPISODE_STEPS;
  const actionNoise = opts.actionNoise ?? D4RL_ACTION_NOISE;
  const waypointNoise = opts.waypointNoise ?? D4RL_WAYPOINT_NOISE;
  checkOptions(opts, episodeSteps, actionNoise);
  const { body, size } = opts;
  const { env, layout } = body;
  const obsDim = env.observationSpace.low.length;
  const actDim = env.actionSpace.low.length;
  const planner = new MazePlanner(layout);
  const task = mazeTask(layout, opts.variant);
  const root = new Rng(randomStreams.mazeRollout(opts.seed));
  const resetRng = root.split();
  const taskRng = root.split();
  const waypointRng = root.split();
  const actionRng = root.split();
  const rows = emptyRollouts(env, size);
  const out: CollectedMazeRollouts = {
    ...rows.out,
    goals: new Float32Array(size * 2),
    goalsDrawn: 0,
    goalsReached: 0,
    rewardRows: 0,
  };
  const action = new Float32Array(actDim);
  const drawGoal = () => {
    out.goalsDrawn++;
    return sampleGoalPoint(layout, task, taskRng);
  };
  const yieldNow = eventLoopYielder();
  let obs: Float64Array | null = null;
  let goal: Point2 = { x: 0, y: 0 };
  let episodeReturn = 0;
  let episodeStep = 0;
  for (let row = 0; row < size; row++) {
    if (obs === null) {
      env.reset({ seed: resetRng.nextUint32() });
      obs = body.placeAt(sampleStartPoint(layout, task, taskRng));
      goal = drawGoal();
      episodeReturn = 0;
      episodeStep = 0;
    }
    const position = { x: obs[0], y: obs[1] };
    if (Math.hypot(position.x - goal.x, position.y - goal.y) <= GOAL_RADIUS) {
      out.goalsReached++;
      goal = drawGoal();
    }
    rows.recordState(row);
    const waypoint = planner.waypoint(position, goal, waypointRng, waypointNoise);
    const chosen = opts.follower(obs, waypoint, actionRng);
    for (let i = 0; i < actDim; i++)
      action[i] = Math.min(
        1,
        Math.max(-1, chosen[i] + (actionNoise > 0 ? actionNoise * actionRng.gaussian() : 0)),
      );
    const r = env.step(action);
    const reached = Math.hypot(r.obs[0] - opts.rewardGoal.x, r.obs[1] - opts.rewardGoal.y) <= GOAL_RADIUS;
    out.observations.set(obs, row * obsDim);
    out.actions.set(action, row * actDim);
    out.rewards[row] = reached ? 1 : 0;
    out.nextObservations.set(r.obs, row * obsDim);
    out.goals[2 * row] = goal.x;
    out.goals[2 * row + 1] = goal.y;
    out.terminals[row] = r.terminated ? 1 : 0;
    episodeStep++;
    out.timeouts[row] = !r.terminated && episodeStep === episodeSteps ? 1 : 0;
    if (reached) out.rewardRows++;
    episodeReturn += out.rewards[row];
    obs = r.obs;
    if (out.terminals[row] || out.timeouts[row]) {
      out.episodeReturns.push(episodeReturn);
      episodeStep = 0;
      obs = null;
    }
    if ((row + 1) % PROGRESS_EVERY === 0 || row + 1 === size) {
      opts.onProgress?.(row + 1);
      await yieldNow();
    }
  }
  out.unfinishedSteps = episodeStep;
  return out;
}
