// The antmaze-<maze>-<diverse|play> recipe of `dataset build`: the walking policy (the committed
// data/policies/antwalk-to-goal-expert.safetensors, or with trainPolicy the best policy of this
// machine's walking-policy run, trained or resumed to its end first) follows the planner's
// waypoints in antmaze-<maze> (mazeCollector.ts). Sparse rewards are measured to one evaluation
// goal drawn from the maze's goal sampler with the dataset's seed (D4RL relabelled its data to one
// such draw); it is recorded as reward_goal.
import { existsSync } from "node:fs";
import type { Metadata } from "../../data/dataset.js";
import { Rng } from "../../engine/rng.js";
import { engine } from "../../engine/runtime.js";
import { type Point2, sampleGoal } from "../../envs/antmaze/mazeGeometry.js";
import { type MazeName, mazeLayout } from "../../envs/antmaze/mazeLayouts.js";
import type { LoopProgress } from "../../experiments/loops/loopRun.js";
import { randomStreams } from "../../util/randomStreams.js";
import { BehaviorPolicy } from "../behaviorPolicy.js";
import { type PolicySource, policyMetadata } from "../datasetMetadata.js";
import { verifyCommittedPolicy } from "../policyChecksums.js";
import { committedPolicyPath } from "../projectFiles.js";
import { antMazeBody, walkingPolicyFollower } from "./antMazeBody.js";
import { ANT_WALKING_ENV_ID, type AntWalkingTask } from "./antWalkingEnv.js";
import {
  type CollectedMazeRollouts,
  collectMazeRollouts,
  D4RL_ACTION_NOISE,
  D4RL_MAZE_EPISODE_STEPS,
} from "./mazeCollector.js";
import { D4RL_WAYPOINT_NOISE } from "./mazePlanner.js";
import { type AntMazeVariant, mazeTask } from "./mazeTasks.js";
import { trainWalkingPolicy, walkerTrainingDirectory } from "./walkerTraining.js";
import type { WalkerTrainingSettingsInput } from "./walkerTrainingSettings.js";
import { readWalkingTask } from "./walkingPolicyFile.js";

export interface AntMazeRecipeOptions {
  maze: MazeName;
  variant: AntMazeVariant;
  size: number;
  seed: number;
  /** Use (train or resume to its end) this machine's walking-policy run instead of the committed policy. */
  trainPolicy?: boolean;
  /** The walking-policy run's directory; default <data dir>/policy-training/antwalk-to-goal-sac-seed0. */
  trainingDirectory?: string;
  /** Settings of a new walking-policy run (an existing run keeps its own). */
  walkerTraining?: WalkerTrainingSettingsInput;
  /** The committed policies' directory; default the project's data/policies/. */
  policiesDirectory?: string;
  onTrainingProgress?: (p: LoopProgress) => void;
  onCollectProgress?: (rows: number) => void;
}

export interface AntMazeRecipeResult {
  rollouts: CollectedMazeRollouts;
  metadata: Metadata;
  collectionSeconds: number;
  /** Training time of the walking policy as its run recorded it; null for a committed policy. */
  policyTrainingSeconds: number | null;
  /** Walking-policy training done during this build. */
  trainingThisBuild: number;
}

export function rewardGoalFor(maze: MazeName, seed: number): Point2 {
  return sampleGoal(mazeLayout(maze), new Rng(randomStreams.rewardGoal(seed)));
}

interface WalkingPolicySource extends PolicySource {
  task: AntWalkingTask;
  trainingSeconds: number | null;
}

async function walkingPolicySource(
  opts: AntMazeRecipeOptions,
): Promise<WalkingPolicySource & { trainingThisBuild: number }> {
  let path: string;
  let trainingSeconds: number | null = null;
  let trainingThisBuild = 0;
  if (opts.trainPolicy) {
    const started = performance.now();
    const outcome = await trainWalkingPolicy(
      opts.trainingDirectory ?? walkerTrainingDirectory(),
      opts.walkerTraining,
      { onProgress: opts.onTrainingProgress },
    );
    trainingThisBuild = (performance.now() - started) / 1000;
    const record = outcome.dir.expert();
    if (!record) throw new Error(`The walking-policy run ${outcome.dir.root} stopped before its end.`);
    path = outcome.dir.bestPolicy;
    trainingSeconds = record.runWallSeconds;
  } else {
    path = committedPolicyPath(ANT_WALKING_ENV_ID, "expert", opts.policiesDirectory);
    if (!existsSync(path))
      throw new Error(
        `There is no committed ant walking policy (${path}); add --train-policy to train it with SAC on this machine (hours), or train it first with \`atradiff dataset train-walker\`.`,
      );
    verifyCommittedPolicy(path);
  }
  const policy = BehaviorPolicy.load(path);
  policy.dispose();
  if (policy.info.env !== ANT_WALKING_ENV_ID)
    throw new Error(`${path} is a ${policy.info.env} policy, not an ${ANT_WALKING_ENV_ID} walking policy.`);
  return {
    path,
    info: policy.info,
    task: readWalkingTask(path, policy.info),
    trainingSeconds,
    trainingThisBuild,
  };
}

export async function antMazeRecipe(opts: AntMazeRecipeOptions): Promise<AntMazeRecipeResult> {
  const source = await walkingPolicySource(opts);
  const rewardGoal = rewardGoalFor(opts.maze, opts.seed);
  const body = await antMazeBody(opts.maze);
  const policy = BehaviorPolicy.load(source.path);
  try {
    const started = performance.now();
    const rollouts = await collectMazeRollouts({
      body,
      follower: walkingPolicyFollower(policy, source.task.maxGoalDistance),
      variant: opts.variant,
      size: opts.size,
      seed: opts.seed,
      rewardGoal,
      onProgress: opts.onCollectProgress,
    });
    const collectionSeconds = (performance.now() - started) / 1000;
    const task = mazeTask(body.layout, opts.variant);
    const cells = (cs: readonly { row: number; col: number }[]) => cs.map((c) => `${c.row},${c.col}`);
    const metadata: Metadata = {
      source_policy:
        "an ant walking policy (SAC on the goal-reaching walking task) following shortest-path waypoints on the maze grid, actions sampled plus Gaussian noise",
      maze: opts.maze,
      variant: opts.variant,
      goal_cells: cells(task.goalCells),
      start_cells: cells(task.startCells),
      dataset_episode_steps: D4RL_MAZE_EPISODE_STEPS,
      action_noise_std: D4RL_ACTION_NOISE,
      waypoint_noise: D4RL_WAYPOINT_NOISE,
      reward_goal: [rewardGoal.x, rewardGoal.y],
      reward_rule: "1 when the torso's x, y after the step is within 0.5 m of reward_goal, else 0",
      goals_drawn: rollouts.goalsDrawn,
      goals_reached: rollouts.goalsReached,
      reward_rows: rollouts.rewardRows,
      infos_goal: "infos/goal: the goal the walker was sent to at each row (re-drawn when reached)",
      ...policyMetadata("walker_policy_", source),
      walker_task: JSON.stringify(source.task),
      walker_policy_engine_kernels: engine().kernelName,
    };
    return {
      rollouts,
      metadata,
      collectionSeconds,
      policyTrainingSeconds: source.trainingSeconds,
      trainingThisBuild: source.trainingThisBuild,
    };
  } finally {
    policy.dispose();
    body.env.close();
  }
}
