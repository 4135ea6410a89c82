// The episodes ATraDiff's generator learns from (ATraDiff §4.1: "given a full trajectory (I_1, ...,
// I_t)"), as chains of transitions: T steps (s_j, a_j, r_j) with s_{j+1} the state after step j,
// and the final state s_{T+1} after the last step.
//
// From a dataset episode of t rows (data/episodes.ts), the final state is:
// - the recorded next observation of the last row, when the file has next_observations: T = t;
// - otherwise, for a terminal episode, a copy of s_t (its true next state was never stored); T = t.
//   With terminal channels the terminal flag ends generated trajectories at that step and the copy
//   never enters a target value; without them the pruner sees the tail start one step early and
//   drops that last step;
// - otherwise (time-out or end of recording without next_observations) s_t itself, and the last
//   row is not a transition (its next state is unknown): T = t - 1, as data/transitions.ts does.
import type { Dataset } from "../../data/dataset.js";
import { splitEpisodes } from "../../data/episodes.js";

export interface TrainingEpisode {
  /** T: number of transitions. */
  length: number;
  /** T x obsDim: s_1 .. s_T */
  observations: Float32Array;
  /** T x actDim */
  actions: Float32Array;
  /** T */
  rewards: Float32Array;
  /** obsDim: s_{T+1}, the state after the last step */
  finalObservation: Float32Array;
  /** The MDP ended at the last step (not a time limit). */
  terminal: boolean;
  /** Task id (0 in single-task data); selects the task prompt. */
  task: number;
}

export interface TrainingData {
  obsDim: number;
  actDim: number;
  episodes: TrainingEpisode[];
}

/** The dataset's episodes as transition chains; `tasks` gives one task id per dataset episode. */
export function trainingEpisodesFromDataset(
  dataset: Dataset,
  opts: { tasks?: ArrayLike<number> } = {},
): TrainingData {
  const { obsDim, actDim } = dataset;
  const episodes = splitEpisodes(dataset);
  if (opts.tasks && opts.tasks.length !== episodes.length)
    throw new Error(
      `One task id per episode is needed: the dataset has ${episodes.length} episodes, got ${opts.tasks.length} task ids.`,
    );
  const out: TrainingEpisode[] = [];
  for (const e of episodes) {
    const terminal = e.end === "terminal";
    const known = e.nextObservations !== null || terminal;
    const length = known ? e.length : e.length - 1;
    if (length < 1) continue;
    const lastRow = e.length - 1;
    const finalObservation = e.nextObservations
      ? e.nextObservations.slice(lastRow * obsDim, lastRow * obsDim + obsDim)
      : e.observations.slice(lastRow * obsDim, lastRow * obsDim + obsDim);
    out.push({
      length,
      observations: e.observations.subarray(0, length * obsDim),
      actions: e.actions.subarray(0, length * actDim),
      rewards: e.rewards.subarray(0, length),
      finalObservation,
      terminal: terminal && length === e.length,
      task: opts.tasks ? opts.tasks[e.index] : 0,
    });
  }
  return { obsDim, actDim, episodes: out };
}

/** Checks the episodes' array sizes and values; a problem is one sentence naming the episode. */
export function checkTrainingData(data: TrainingData): void {
  const { obsDim, actDim, episodes } = data;
  if (episodes.length === 0) throw new Error("The generator needs at least one training episode, got none.");
  episodes.forEach((e, i) => {
    const expect = (name: string, arr: ArrayLike<number>, n: number) => {
      if (arr.length !== n)
        throw new Error(`Training episode ${i} should hold ${n} ${name} values, got ${arr.length}.`);
      for (let j = 0; j < arr.length; j++)
        if (!Number.isFinite(arr[j]))
          throw new Error(`Training episode ${i} has a non-finite value (${arr[j]}) in its ${name}.`);
    };
    if (!Number.isInteger(e.length) || e.length < 1)
      throw new Error(`Training episode ${i} must hold at least one transition, got length ${e.length}.`);
    expect("observation", e.observations, e.length * obsDim);
    expect("action", e.actions, e.length * actDim);
    expect("reward", e.rewards, e.length);
    expect("final-observation", e.finalObservation, obsDim);
    if (!Number.isInteger(e.task) || e.task < 0)
      throw new Error(`Training episode ${i} has task id ${e.task}; task ids are non-negative integers.`);
  });
}

/** Number of transitions over all episodes. */
export function transitionCount(data: TrainingData): number {
  return data.episodes.reduce((n, e) => n + e.length, 0);
}
