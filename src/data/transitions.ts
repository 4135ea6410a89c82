// The (s, a, r, s', terminal, truncated) transitions of a dataset, done better than D4RL's
// qlearning_dataset, which drops the last row of the file, skips every time-out step and pairs a
// terminal step with the next episode's first observation. Here:
// - time-outs are truncations (terminal 0, so the value of s' is bootstrapped), never terminals;
//   a row that is both terminal and timeout counts as terminal;
// - the last step of every episode is kept whenever its next observation is known.
//
// Where s' comes from:
// - the dataset has next_observations (D4RL -v2 locomotion files, every Minari file): every step
//   keeps its recorded s'; no step is dropped.
// - it has none: s' of a step is the observation of the following step of the same episode. The
//   last step of an episode has no following step:
//   - if it is terminal, it is kept (it is the only step that teaches the value of falling) and its
//     s' is set to a copy of its own s. Terminal = 1 means s' never enters a target value; the step
//     is flagged in `placeholderNextObs` so that models that learn s' (SynthER-style diffusion) can
//     leave it out.
//   - if it timed out or is the recording's last row, its true s' was never stored and the reward
//     alone cannot stand in for a bootstrapped target, so the step is left out and counted in
//     `droppedSteps`. (D4RL's infos/qpos and infos/qvel hold the state at the same step, not the
//     next one, so they cannot supply it.)
import type { Dataset } from "./dataset.js";

export type NextObsSource = "next_observations" | "following observation";

export interface TransitionView {
  count: number;
  obsDim: number;
  actDim: number;
  /** count x obsDim */
  obs: Float32Array;
  /** count x actDim */
  actions: Float32Array;
  /** count */
  rewards: Float32Array;
  /** count x obsDim */
  nextObs: Float32Array;
  /** count, 1 = the MDP ended (do not bootstrap) */
  terminals: Float32Array;
  /** count, 1 = a time limit or the end of the recording cut the episode here (bootstrap) */
  truncations: Float32Array;
  /** count, 1 where nextObs is a stand-in copy of obs (terminal last steps without a recorded s') */
  placeholderNextObs: Uint8Array | null;
  nextObsSource: NextObsSource;
  /** Dataset steps left out because their next observation is unknown (see the file comment). */
  droppedSteps: number;
}

function copyRow(from: Float32Array, fromRow: number, to: Float32Array, toRow: number, dim: number): void {
  to.set(from.subarray(fromRow * dim, fromRow * dim + dim), toRow * dim);
}

/** Terminal and truncation flags per dataset row (a time-out, or the recording's last row). */
function endFlags(dataset: Dataset): { terminals: Float32Array; truncations: Float32Array } {
  const terminals = new Float32Array(dataset.size);
  const truncations = new Float32Array(dataset.size);
  const offsets = dataset.episodeOffsets;
  for (let i = 0; i < dataset.size; i++) if (dataset.terminals[i]) terminals[i] = 1;
  for (let e = 1; e < offsets.length; e++) {
    const last = offsets[e] - 1;
    if (!dataset.terminals[last]) truncations[last] = 1;
  }
  return { terminals, truncations };
}

function withRecordedNextObs(dataset: Dataset, nextObs: Float32Array): TransitionView {
  return {
    count: dataset.size,
    obsDim: dataset.obsDim,
    actDim: dataset.actDim,
    obs: dataset.observations,
    actions: dataset.actions,
    rewards: dataset.rewards,
    nextObs,
    ...endFlags(dataset),
    placeholderNextObs: null,
    nextObsSource: "next_observations",
    droppedSteps: 0,
  };
}

function withFollowingObs(dataset: Dataset): TransitionView {
  const { obsDim, actDim, episodeOffsets: offsets } = dataset;
  // Pass 1: which rows are kept (all but non-terminal episode ends).
  const keep = new Uint8Array(dataset.size).fill(1);
  let dropped = 0;
  let placeholders = 0;
  for (let e = 1; e < offsets.length; e++) {
    const last = offsets[e] - 1;
    if (dataset.terminals[last]) placeholders++;
    else {
      keep[last] = 0;
      dropped++;
    }
  }
  const count = dataset.size - dropped;
  // Without dropped rows the s, a, r columns are shared with the dataset; otherwise compacted.
  const share = dropped === 0;
  const obs = share ? dataset.observations : new Float32Array(count * obsDim);
  const actions = share ? dataset.actions : new Float32Array(count * actDim);
  const rewards = share ? dataset.rewards : new Float32Array(count);
  const nextObs = new Float32Array(count * obsDim);
  const terminals = new Float32Array(count);
  const truncations = new Float32Array(count); // stays 0: every kept non-terminal step has a real s'
  const placeholderNextObs = placeholders > 0 ? new Uint8Array(count) : null;
  let t = 0;
  for (let e = 1; e < offsets.length; e++) {
    const last = offsets[e] - 1;
    for (let i = offsets[e - 1]; i <= last; i++) {
      if (!keep[i]) continue;
      if (!share) {
        copyRow(dataset.observations, i, obs, t, obsDim);
        copyRow(dataset.actions, i, actions, t, actDim);
        rewards[t] = dataset.rewards[i];
      }
      if (i < last) copyRow(dataset.observations, i + 1, nextObs, t, obsDim);
      else {
        copyRow(dataset.observations, i, nextObs, t, obsDim);
        placeholderNextObs![t] = 1;
      }
      if (dataset.terminals[i]) terminals[t] = 1;
      t++;
    }
  }
  return {
    count,
    obsDim,
    actDim,
    obs,
    actions,
    rewards,
    nextObs,
    terminals,
    truncations,
    placeholderNextObs,
    nextObsSource: "following observation",
    droppedSteps: dropped,
  };
}

/** The dataset's transitions; shares the dataset's arrays where it can (do not mutate them). */
export function transitionView(dataset: Dataset): TransitionView {
  return dataset.nextObservations
    ? withRecordedNextObs(dataset, dataset.nextObservations)
    : withFollowingObs(dataset);
}

export interface TransitionCounts {
  count: number;
  droppedSteps: number;
  /** Steps whose nextObs would be a stand-in copy of obs. */
  placeholderNextObs: number;
  nextObsSource: NextObsSource;
}

/** What transitionView(dataset) would hold, without building it. */
export function countTransitions(dataset: Dataset): TransitionCounts {
  if (dataset.nextObservations)
    return {
      count: dataset.size,
      droppedSteps: 0,
      placeholderNextObs: 0,
      nextObsSource: "next_observations",
    };
  let dropped = 0;
  const offsets = dataset.episodeOffsets;
  for (let e = 1; e < offsets.length; e++) if (!dataset.terminals[offsets[e] - 1]) dropped++;
  return {
    count: dataset.size - dropped,
    droppedSteps: dropped,
    placeholderNextObs: offsets.length - 1 - dropped,
    nextObsSource: "following observation",
  };
}
