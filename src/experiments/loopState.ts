// What a training loop saves in a checkpoint (loop.json) besides the agent and the replay buffer:
// counters, the loop's generator, the metrics accumulated since the last log line and the
// metrics file's length. Together with the agent and the buffer this is everything the loop's
// future depends on, so a resumed run continues bit for bit.
import { Rng, type RngState } from "../engine/rng.js";
import type { RunMode } from "./runConfig.js";

export const LOOP_STATE_VERSION = 1;

/** Running sum and count of one loss since the last log line. */
export type LossTally = Record<string, { sum: number; count: number }>;

export interface LoopState {
  version: number;
  mode: RunMode;
  /** Env steps taken (online modes) or gradient steps done (offline mode). */
  step: number;
  /** Training episodes finished (online modes). */
  episodes: number;
  /** The run reached its last step and wrote its final checkpoint. */
  finished: boolean;
  /** The loop's generator: random-start actions, episode reset seeds, batch sampling. */
  rng: RngState;
  /** The next checkpoint is due at the first episode boundary at or after this step. */
  nextCheckpointStep: number;
  episodeReturnsSinceLog: number[];
  lossesSinceLog: LossTally;
  /** Length of metrics.jsonl when this state was saved. */
  metricsBytes: number;
  /** Training time up to this state, summed over sessions. */
  wallSeconds: number;
  /** CPU time of the seed's process up to this state, summed over sessions. */
  cpuSeconds: number;
  /** The step CPU time is counted from: 0, or where a run saved before it was counted resumed. */
  cpuFromStep: number;
  lastLogStep: number;
  lastLogWallSeconds: number;
  /** For progress displays. */
  lastEpisodeReturn: number | null;
  lastEvalReturn: number | null;
}

/** The first multiple of checkpointEvery after `step`: where the schedule puts the next checkpoint. */
export function nextScheduledCheckpoint(step: number, checkpointEvery: number): number {
  return (Math.floor(step / checkpointEvery) + 1) * checkpointEvery;
}

/** Salt separating the loop's generator from the agent's and the evaluation's (same run seed). */
const LOOP_STREAM = 0x6c6f6f70;

export function freshLoopState(mode: RunMode, seed: number, checkpointEvery: number): LoopState {
  return {
    version: LOOP_STATE_VERSION,
    mode,
    step: 0,
    episodes: 0,
    finished: false,
    rng: new Rng([LOOP_STREAM, seed]).state,
    nextCheckpointStep: checkpointEvery,
    episodeReturnsSinceLog: [],
    lossesSinceLog: {},
    metricsBytes: 0,
    wallSeconds: 0,
    cpuSeconds: 0,
    cpuFromStep: 0,
    lastLogStep: 0,
    lastLogWallSeconds: 0,
    lastEpisodeReturn: null,
    lastEvalReturn: null,
  };
}

/** Checks a state read from a checkpoint against the run it is resumed into. */
export function checkLoopState(state: LoopState, mode: RunMode, where: string): LoopState {
  if (state === null || typeof state !== "object" || state.version !== LOOP_STATE_VERSION)
    throw new Error(`${where} is not a version ${LOOP_STATE_VERSION} loop state.`);
  if (state.mode !== mode)
    throw new Error(`${where} belongs to a ${state.mode} run, but the run's config says ${mode}.`);
  if (!Number.isInteger(state.step) || state.step < 0 || !Array.isArray(state.rng?.s))
    throw new Error(`${where} has no valid step counter and generator state.`);
  // Saved before CPU time was counted: count it from here on.
  if (typeof state.cpuSeconds !== "number") {
    state.cpuSeconds = 0;
    state.cpuFromStep = state.step;
  }
  return state;
}
