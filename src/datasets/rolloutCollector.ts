// Collects a dataset by acting in an env, the way D4RL's generation script does: the state
// (qpos, qvel) is read before each step, each row holds (observation, action, reward, next
// observation, terminal, timeout), and `size` rows are kept, so the last episode is usually cut
// (it then ends with neither flag, which the D4RL layout allows).
//   terminal = the MDP ended (e.g. the hopper fell); timeout = the 1000-step time limit cut an
//   episode that had not ended. A step that does both is a terminal, whose value is not
//   bootstrapped (D4RL's script marks it a timeout instead; Gymnasium's semantics are kept here).
// Actions are in [-1, 1]^actDim, the agents' action space (RescaleAction maps them onto the env's
// box; for the MuJoCo locomotion envs the two are the same).
// Randomness: episode reset seeds and the actions' noise come from two streams split off one Rng
// seeded with randomStreams.rollout(seed), so the same seed gives the same rows bit for bit.
import type { DatasetColumns, Float64Matrix } from "../data/dataset.js";
import { Rng } from "../engine/rng.js";
import type { Env } from "../envs/types.js";
import { eventLoopYielder } from "../experiments/loops/eventLoopYielder.js";
import { randomStreams } from "../util/randomStreams.js";
import { physicalStateReader } from "./physicalState.js";

/** Chooses an action in [-1, 1]^actDim for an observation, drawing any noise from rng. */
export type ActionSource = (obs: Float64Array, rng: Rng) => ArrayLike<number>;

export function uniformRandomActions(actDim: number): ActionSource {
  return (_obs, rng) => {
    const a = new Float32Array(actDim);
    for (let i = 0; i < actDim; i++) a[i] = rng.uniformIn(-1, 1);
    return a;
  };
}

/** The collected rows as dataset columns (next observations always; qpos, qvel when the env has them). */
export interface CollectedRollouts extends DatasetColumns {
  size: number;
  nextObservations: Float32Array;
  qpos: Float64Matrix | null;
  qvel: Float64Matrix | null;
  /** Returns of the episodes that ended (by termination or time-out) within the rows. */
  episodeReturns: number[];
  /** Steps of the last, cut episode (0 when the rows end exactly at an episode end). */
  unfinishedSteps: number;
}

export interface CollectOptions {
  /** An env acting in [-1, 1]^actDim (RescaleAction applied) with its time limit. */
  env: Env;
  policy: ActionSource;
  size: number;
  seed: number;
  onProgress?: (rows: number) => void;
}

/**
 * Zero-filled columns for `size` rows of `env` (qpos / qvel when it has a physical state), and
 * recordState(row), which writes the env's current qpos / qvel into that row.
 */
export function emptyRollouts(
  env: Env,
  size: number,
): { out: CollectedRollouts; recordState(row: number): void } {
  const obsDim = env.observationSpace.low.length;
  const actDim = env.actionSpace.low.length;
  const reader = physicalStateReader(env);
  const state = new Float64Array(reader ? reader.nq + reader.nv : 0);
  const out: CollectedRollouts = {
    size,
    obsDim,
    actDim,
    observations: new Float32Array(size * obsDim),
    actions: new Float32Array(size * actDim),
    rewards: new Float32Array(size),
    terminals: new Uint8Array(size),
    timeouts: new Uint8Array(size),
    nextObservations: new Float32Array(size * obsDim),
    qpos: reader ? { values: new Float64Array(size * reader.nq), cols: reader.nq } : null,
    qvel: reader ? { values: new Float64Array(size * reader.nv), cols: reader.nv } : null,
    episodeReturns: [],
    unfinishedSteps: 0,
  };
  const recordState = (row: number) => {
    if (!reader || !out.qpos || !out.qvel) return;
    reader.read(state, 0);
    out.qpos.values.set(state.subarray(0, reader.nq), row * reader.nq);
    out.qvel.values.set(state.subarray(reader.nq), row * reader.nv);
  };
  return { out, recordState };
}

const PROGRESS_EVERY = 1000;

export async function collectRollouts(opts: CollectOptions): Promise<CollectedRollouts> {
  const { env, size } = opts;
  if (!Number.isInteger(size) || size < 1)
    throw new Error(`A dataset's size must be a positive integer, got ${size}.`);
  if (!Number.isFinite(env.maxEpisodeSteps))
    throw new Error(`Collecting on ${env.id} needs a time limit, or an episode might never end.`);
  const obsDim = env.observationSpace.low.length;
  const actDim = env.actionSpace.low.length;
  const root = new Rng(randomStreams.rollout(opts.seed));
  const resetRng = root.split();
  const actionRng = root.split();
  const { out, recordState } = emptyRollouts(env, size);
  const yieldNow = eventLoopYielder();
  let obs: Float64Array | null = null;
  let episodeReturn = 0;
  let episodeSteps = 0;
  for (let row = 0; row < size; row++) {
    if (obs === null) {
      obs = env.reset({ seed: resetRng.nextUint32() }).obs;
      episodeReturn = 0;
      episodeSteps = 0;
    }
    recordState(row);
    const action = opts.policy(obs, actionRng);
    const r = env.step(action);
    out.observations.set(obs, row * obsDim);
    out.actions.set(action, row * actDim);
    out.rewards[row] = r.reward;
    out.nextObservations.set(r.obs, row * obsDim);
    out.terminals[row] = r.terminated ? 1 : 0;
    out.timeouts[row] = r.truncated && !r.terminated ? 1 : 0;
    episodeReturn += r.reward;
    episodeSteps++;
    obs = r.obs;
    if (r.terminated || r.truncated) {
      out.episodeReturns.push(episodeReturn);
      episodeSteps = 0;
      obs = null;
    }
    if ((row + 1) % PROGRESS_EVERY === 0 || row + 1 === size) {
      opts.onProgress?.(row + 1);
      await yieldNow();
    }
  }
  out.unfinishedSteps = episodeSteps;
  return out;
}
