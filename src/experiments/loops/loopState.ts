// What a training loop saves in a checkpoint (loop.json) besides the agent and the replay buffer:
// counters, the loop's generator, the metrics accumulated since the last log line and the
// metrics file's length. Together with the agent and the buffer this is everything the loop's
// future depends on, so a resumed run continues bit for bit.
import { checkRngState, Rng, type RngState } from "../../engine/rng.js";
import { randomStreams } from "../../util/randomStreams.js";
import type { RunMode } from "../job/runConfig.js";

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

export function freshLoopState(mode: RunMode, seed: number, checkpointEvery: number): LoopState {
  return {
    version: LOOP_STATE_VERSION,
    mode,
    step: 0,
    episodes: 0,
    finished: false,
    rng: new Rng(randomStreams.loop(seed)).state,
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

type FieldCheck = (value: unknown, state: Record<string, unknown>) => string | null;

const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);
const isFiniteNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const nonNegativeInt: FieldCheck = (v) => (isInt(v) && v >= 0 ? null : "a non-negative integer");
const nonNegativeNumber: FieldCheck = (v) => (isFiniteNumber(v) && v >= 0 ? null : "a non-negative number");
const numberOrNull: FieldCheck = (v) => (v === null || isFiniteNumber(v) ? null : "a number or null");
const upToStep: FieldCheck = (v, s) =>
  isInt(v) && v >= 0 && v <= (s.step as number) ? null : `an integer from 0 to the step (${s.step})`;

/**
 * What every field of a loop.json must hold (besides version, mode, step and rng, checked first).
 * A loss's sum may be null: JSON writes a diverged (NaN) sum so.
 */
const FIELD_CHECKS: Record<string, FieldCheck> = {
  episodes: nonNegativeInt,
  finished: (v) => (typeof v === "boolean" ? null : "true or false"),
  nextCheckpointStep: (v) => (isInt(v) && v >= 1 ? null : "a positive integer"),
  episodeReturnsSinceLog: (v) =>
    Array.isArray(v) && v.every(isFiniteNumber) ? null : "a list of finite numbers",
  lossesSinceLog: (v) =>
    v !== null &&
    typeof v === "object" &&
    !Array.isArray(v) &&
    Object.values(v).every(
      (t: { sum?: unknown; count?: unknown } | null) =>
        t !== null &&
        typeof t === "object" &&
        numberOrNull(t.sum, {}) === null &&
        nonNegativeInt(t.count, {}) === null,
    )
      ? null
      : 'an object of {"sum": number, "count": integer}',
  metricsBytes: nonNegativeInt,
  wallSeconds: nonNegativeNumber,
  cpuSeconds: nonNegativeNumber,
  cpuFromStep: upToStep,
  lastLogStep: upToStep,
  lastLogWallSeconds: nonNegativeNumber,
  lastEpisodeReturn: numberOrNull,
  lastEvalReturn: numberOrNull,
};

/**
 * Checks a state read from a checkpoint (`where`: its loop.json) against the run it is resumed
 * into: every field's type, the step within the run, the generator's state. Each problem is one
 * sentence naming the file and the field; the metrics length is checked against metrics.jsonl by
 * the metrics log itself when the run is opened.
 */
export function checkLoopState(
  state: LoopState,
  run: { mode: RunMode; steps: number },
  where: string,
): LoopState {
  if (
    state === null ||
    typeof state !== "object" ||
    Array.isArray(state) ||
    state.version !== LOOP_STATE_VERSION
  )
    throw new Error(`${where} is not a version ${LOOP_STATE_VERSION} loop state.`);
  if (state.mode !== run.mode)
    throw new Error(`${where} belongs to a ${state.mode} run, but the run's config says ${run.mode}.`);
  if (!isInt(state.step) || state.step < 0 || state.step > run.steps)
    throw new Error(
      `"step" in ${where} is ${JSON.stringify(state.step)}; expected an integer from 0 to the run's ${run.steps} steps.`,
    );
  checkRngState(state.rng, `"rng" in ${where}`);
  // Saved before CPU time was counted: count it from here on.
  if (state.cpuSeconds === undefined) {
    state.cpuSeconds = 0;
    state.cpuFromStep = state.step;
  }
  const fields = state as unknown as Record<string, unknown>;
  for (const [key, check] of Object.entries(FIELD_CHECKS)) {
    const expected = check(fields[key], fields);
    if (expected !== null)
      throw new Error(
        `"${key}" in ${where} is ${JSON.stringify(fields[key]) ?? "missing"}; expected ${expected}.`,
      );
  }
  return state;
}
