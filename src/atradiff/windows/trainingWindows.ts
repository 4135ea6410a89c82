// The training windows of the diffuser for window length k (ATraDiff §4.1, method.md §3): each
// episode's steps are followed by k copies of its last step, and one window starts at every step
// 1..T, so windows that start within k steps of the end finish in repeated steps, which is what
// the pruner later recognizes.
//
// In the step-plus-next-state layout (windowLayout.ts) a padded step repeats the final state
// s_{T+1} with the last step's action, reward and terminal flag: the states of a window starting
// m <= k steps before the end read s_p .. s_T, s_{T+1}, s_{T+1}, ..., so the repeated tail starts
// right after the last real transition. Windows are built on demand (a dataset's windows for
// k = 25 would need gigabytes); `materialize` builds them all for small sets.
import type { TrainingData, TrainingEpisode } from "./trainingEpisodes.js";
import {
  actionOffset,
  rewardOffset,
  stateOffset,
  terminalOffset,
  type WindowLayout,
  windowWidth,
} from "./windowLayout.js";

export class TrainingWindows {
  readonly layout: WindowLayout;
  /** Window length k. */
  readonly k: number;
  /** Values per window row. */
  readonly width: number;
  readonly count: number;
  private readonly episodes: TrainingEpisode[];
  private readonly episodeOf: Uint32Array;
  private readonly startOf: Uint32Array;

  constructor(data: TrainingData, k: number, modelTerminals: boolean) {
    if (!Number.isInteger(k) || k < 1)
      throw new Error(`A window length must be a positive integer, got ${k}.`);
    this.layout = { obsDim: data.obsDim, actDim: data.actDim, modelTerminals };
    this.k = k;
    this.width = windowWidth(this.layout, k);
    this.episodes = data.episodes;
    this.count = data.episodes.reduce((n, e) => n + e.length, 0);
    this.episodeOf = new Uint32Array(this.count);
    this.startOf = new Uint32Array(this.count);
    let i = 0;
    data.episodes.forEach((e, ei) => {
      for (let p = 0; p < e.length; p++, i++) {
        this.episodeOf[i] = ei;
        this.startOf[i] = p;
      }
    });
  }

  private check(i: number): void {
    if (!Number.isInteger(i) || i < 0 || i >= this.count)
      throw new Error(`Window ${i} is out of range; there are ${this.count} windows.`);
  }

  /** The true remaining length at the window's start: transitions from its first step to the episode's end. */
  remainingLength(i: number): number {
    this.check(i);
    return this.episodes[this.episodeOf[i]].length - this.startOf[i];
  }

  /** The window holds its episode's terminal step (the MDP ended within its k steps). */
  containsTerminal(i: number): boolean {
    this.check(i);
    return this.episodes[this.episodeOf[i]].terminal && this.remainingLength(i) <= this.k;
  }

  /** The task id of the window's episode. */
  task(i: number): number {
    this.check(i);
    return this.episodes[this.episodeOf[i]].task;
  }

  /** Writes window i's first state s_1 (the condition's state part) at out[offset ...]. */
  writeFirstState(i: number, out: Float32Array, offset = 0): void {
    this.check(i);
    const o = this.layout.obsDim;
    const p = this.startOf[i];
    out.set(this.episodes[this.episodeOf[i]].observations.subarray(p * o, p * o + o), offset);
  }

  /** Writes window i (width values) at out[offset ...]. */
  writeRow(i: number, out: Float32Array, offset = 0): void {
    this.check(i);
    const { obsDim: o, actDim: a, modelTerminals } = this.layout;
    const e = this.episodes[this.episodeOf[i]];
    const p = this.startOf[i];
    const T = e.length;
    const L = this.layout;
    for (let j = 0; j <= this.k; j++) {
      const q = p + j; // the episode step this window position shows
      const state = q < T ? e.observations.subarray(q * o, q * o + o) : e.finalObservation;
      out.set(state, offset + stateOffset(L, j));
      if (j === this.k) break;
      const step = Math.min(q, T - 1); // padded steps repeat the last step's a, r, d
      out.set(e.actions.subarray(step * a, step * a + a), offset + actionOffset(L, j));
      out[offset + rewardOffset(L, j)] = e.rewards[step];
      if (modelTerminals) out[offset + terminalOffset(L, j)] = e.terminal && step === T - 1 ? 1 : 0;
    }
  }

  /** Every window as one count x width array (tests, small data). */
  materialize(): Float32Array {
    const out = new Float32Array(this.count * this.width);
    for (let i = 0; i < this.count; i++) this.writeRow(i, out, i * this.width);
    return out;
  }
}
