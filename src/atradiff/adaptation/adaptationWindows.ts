// The training windows of one adaptation (ATraDiff §4.3): for each chosen real sample, the window
// that starts at it, built from its trajectory in D_o with src/atradiff's window building (end
// padding as in §4.1). A sample's segment runs from it to its episode's end or to `horizon` steps
// (the largest window length), whichever comes first; a sample whose episode is still running with
// fewer than `horizon` steps stored after it is not usable yet (its window would be padded at a
// false end).
import type { ReplayBuffer } from "../../data/replayBuffer.js";
import type { TrainingData, TrainingEpisode } from "../windows/trainingEpisodes.js";
import { TrainingWindows } from "../windows/trainingWindows.js";
import { continuesEpisode, isStored, rowOf } from "./realSamples.js";

/** The segment's length, or 0 when the sample is not usable (gone, or its episode has not gone far enough). */
export function segmentLength(buffer: ReplayBuffer, serial: number, horizon: number): number {
  if (!isStored(buffer, serial)) return 0;
  let length = 1;
  while (length < horizon) {
    const last = serial + length - 1;
    if (continuesEpisode(buffer, last)) {
      length++;
      continue;
    }
    const row = rowOf(buffer, last);
    const ended = buffer.terminal[row] === 1 || buffer.truncated[row] === 1 || isStored(buffer, last + 1);
    return ended ? length : 0;
  }
  return length;
}

function segment(buffer: ReplayBuffer, serial: number, length: number): TrainingEpisode {
  const { obsDim: o, actDim: a } = buffer;
  const observations = new Float32Array(length * o);
  const actions = new Float32Array(length * a);
  const rewards = new Float32Array(length);
  for (let j = 0; j < length; j++) {
    const row = rowOf(buffer, serial + j);
    observations.set(buffer.obs.subarray(row * o, row * o + o), j * o);
    actions.set(buffer.action.subarray(row * a, row * a + a), j * a);
    rewards[j] = buffer.reward[row];
  }
  const last = rowOf(buffer, serial + length - 1);
  return {
    length,
    observations,
    actions,
    rewards,
    finalObservation: buffer.nextObs.slice(last * o, last * o + o),
    terminal: buffer.terminal[last] === 1,
    task: 0,
  };
}

export interface SampleSegments {
  data: TrainingData;
  /** Window index (in TrainingWindows over data) of each chosen sample's own window. */
  windowIndex: number[];
}

/** The segments of usable samples (call segmentLength first to filter). */
export function sampleSegments(
  buffer: ReplayBuffer,
  serials: readonly number[],
  horizon: number,
): SampleSegments {
  const episodes: TrainingEpisode[] = [];
  const windowIndex: number[] = [];
  let offset = 0;
  for (const serial of serials) {
    const length = segmentLength(buffer, serial, horizon);
    if (length === 0) continue;
    episodes.push(segment(buffer, serial, length));
    windowIndex.push(offset);
    offset += length;
  }
  return { data: { obsDim: buffer.obsDim, actDim: buffer.actDim, episodes }, windowIndex };
}

/** The windows of length k starting at each sample (TrainingWindows' rows at the segment starts). */
export function sampleWindows(segments: SampleSegments, k: number, modelTerminals: boolean): TrainingWindows {
  if (segments.data.episodes.length === 0)
    throw new Error("No usable real samples to build adaptation windows from.");
  return new TrainingWindows(segments.data, k, modelTerminals);
}
