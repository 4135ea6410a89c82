// A dataset's episodes as views (subarrays, no copies) and per-episode returns.
import type { Dataset } from "./dataset.js";

/**
 * How an episode ended: "terminal" (the MDP ended; wins when a row is both terminal and timeout),
 * "timeout" (a time limit cut it), "unfinished" (the recording stopped: the file's last rows).
 */
export type EpisodeEnd = "terminal" | "timeout" | "unfinished";

export interface Episode {
  index: number;
  /** First row in the dataset. */
  start: number;
  length: number;
  end: EpisodeEnd;
  /** length x obsDim */
  observations: Float32Array;
  /** length x actDim */
  actions: Float32Array;
  /** length */
  rewards: Float32Array;
  /** length x obsDim, or null when the dataset has no next observations */
  nextObservations: Float32Array | null;
}

export function episodeCount(dataset: Dataset): number {
  return dataset.episodeOffsets.length - 1;
}

export function episodeEnd(dataset: Dataset, lastRow: number): EpisodeEnd {
  if (dataset.terminals[lastRow]) return "terminal";
  if (dataset.timeouts[lastRow]) return "timeout";
  return "unfinished";
}

export function episodeAt(dataset: Dataset, index: number): Episode {
  const count = episodeCount(dataset);
  if (!Number.isInteger(index) || index < 0 || index >= count)
    throw new Error(`Episode index ${index} is out of range; the dataset has ${count} episodes.`);
  const start = dataset.episodeOffsets[index];
  const stop = dataset.episodeOffsets[index + 1];
  const { obsDim, actDim } = dataset;
  return {
    index,
    start,
    length: stop - start,
    end: episodeEnd(dataset, stop - 1),
    observations: dataset.observations.subarray(start * obsDim, stop * obsDim),
    actions: dataset.actions.subarray(start * actDim, stop * actDim),
    rewards: dataset.rewards.subarray(start, stop),
    nextObservations: dataset.nextObservations?.subarray(start * obsDim, stop * obsDim) ?? null,
  };
}

export function splitEpisodes(dataset: Dataset): Episode[] {
  const out: Episode[] = [];
  for (let e = 0; e < episodeCount(dataset); e++) out.push(episodeAt(dataset, e));
  return out;
}

/** Undiscounted return of every episode, summed in float64. */
export function episodeReturns(dataset: Dataset): Float64Array {
  const count = episodeCount(dataset);
  const out = new Float64Array(count);
  for (let e = 0; e < count; e++) {
    let sum = 0;
    for (let i = dataset.episodeOffsets[e]; i < dataset.episodeOffsets[e + 1]; i++) sum += dataset.rewards[i];
    out[e] = sum;
  }
  return out;
}

export function episodeLengths(dataset: Dataset): Uint32Array {
  const count = episodeCount(dataset);
  const out = new Uint32Array(count);
  for (let e = 0; e < count; e++) out[e] = dataset.episodeOffsets[e + 1] - dataset.episodeOffsets[e];
  return out;
}

export interface SummaryStatistics {
  count: number;
  mean: number;
  /** Population standard deviation (divides by count), as D4RL and numpy's default do. */
  std: number;
  min: number;
  max: number;
}

export function summaryStatistics(values: ArrayLike<number>): SummaryStatistics {
  const count = values.length;
  if (count === 0) return { count, mean: Number.NaN, std: Number.NaN, min: Number.NaN, max: Number.NaN };
  let sum = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    sum += values[i];
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  const mean = sum / count;
  let squares = 0;
  for (let i = 0; i < count; i++) squares += (values[i] - mean) ** 2;
  return { count, mean, std: Math.sqrt(squares / count), min, max };
}
