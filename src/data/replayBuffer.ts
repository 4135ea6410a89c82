// A replay buffer (../DESIGN.md "Replay buffer"): a ring of `capacity` transitions held column-wise
// in Float32Arrays; once full, each new transition replaces the oldest. A terminal transition (the
// MDP ended) and a truncated one (a time limit cut the episode) are kept apart: the Batch's terminal
// column is 1 only for terminals, so a time-out's next state is bootstrapped. The truncated column
// stays available for code that needs episode boundaries.
import type { Rng } from "../engine/rng.js";
import { checkMemoryBudget } from "../util/memoryBudget.js";
import { allocBatch, type Batch } from "./batch.js";
import type { TransitionView } from "./transitions.js";

export interface Transition {
  obs: ArrayLike<number>;
  action: ArrayLike<number>;
  reward: number;
  nextObs: ArrayLike<number>;
  /** The MDP ended at this step. */
  terminal: boolean | number;
  /** A time limit cut the episode at this step (ignored when terminal). */
  truncated?: boolean | number;
}

/** Column-wise transitions: `count` rows of each (terminal/truncated 0 or 1). */
export interface TransitionColumns {
  obs: Float32Array;
  action: Float32Array;
  reward: Float32Array;
  nextObs: Float32Array;
  terminal: Float32Array;
  truncated?: Float32Array;
}

export interface ReplayBufferState {
  /** Rows filled so far (at most capacity). */
  size: number;
  /** Row the next transition goes to. */
  next: number;
  /** Transitions stored since creation (including overwritten ones). */
  totalStored: number;
}

function checkRow(what: string, values: ArrayLike<number>, dim: number): void {
  if (values.length !== dim)
    throw new Error(`A transition's ${what} has ${values.length} values; the replay buffer expects ${dim}.`);
  for (let i = 0; i < dim; i++)
    if (!Number.isFinite(values[i]))
      throw new Error(
        `A transition's ${what}[${i}] is ${values[i]}; the replay buffer only stores finite numbers.`,
      );
}

function checkFinite(what: string, values: Float32Array, dim: number): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (v - v !== 0)
      throw new Error(
        `Row ${Math.floor(i / dim)} of the transitions' ${what} holds ${v}; the replay buffer only stores finite numbers.`,
      );
  }
}

function checkFlags(what: string, values: Float32Array): void {
  for (let i = 0; i < values.length; i++)
    if (values[i] !== 0 && values[i] !== 1)
      throw new Error(`Row ${i} of the transitions' ${what} holds ${values[i]}; expected 0 or 1.`);
}

export class ReplayBuffer {
  readonly capacity: number;
  readonly obsDim: number;
  readonly actDim: number;
  readonly obs: Float32Array;
  readonly action: Float32Array;
  readonly reward: Float32Array;
  readonly nextObs: Float32Array;
  readonly terminal: Float32Array;
  readonly truncated: Float32Array;
  private sizeValue = 0;
  private nextRow = 0;
  private stored = 0;
  private cachedBatch: Batch | null = null;

  /** The bytes a buffer of `capacity` transitions allocates (4-byte columns). */
  static bytes(capacity: number, obsDim: number, actDim: number): number {
    return 4 * capacity * (2 * obsDim + actDim + 3);
  }

  constructor(capacity: number, obsDim: number, actDim: number) {
    for (const [name, v] of [
      ["capacity", capacity],
      ["observation size", obsDim],
      ["action size", actDim],
    ] as const)
      if (!Number.isInteger(v) || v < 1)
        throw new Error(`A replay buffer's ${name} must be a positive integer, got ${v}.`);
    checkMemoryBudget(
      `A replay buffer of ${capacity} transitions`,
      ReplayBuffer.bytes(capacity, obsDim, actDim),
      "the buffer capacity (--buffer-capacity, or --steps that it defaults to)",
    );
    this.capacity = capacity;
    this.obsDim = obsDim;
    this.actDim = actDim;
    this.obs = new Float32Array(capacity * obsDim);
    this.action = new Float32Array(capacity * actDim);
    this.reward = new Float32Array(capacity);
    this.nextObs = new Float32Array(capacity * obsDim);
    this.terminal = new Float32Array(capacity);
    this.truncated = new Float32Array(capacity);
  }

  get size(): number {
    return this.sizeValue;
  }

  get state(): ReplayBufferState {
    return { size: this.sizeValue, next: this.nextRow, totalStored: this.stored };
  }

  /** Restores positions after the columns were filled directly (loading a saved buffer). */
  setState(state: ReplayBufferState): void {
    const { size, next, totalStored } = state;
    const ok =
      Number.isInteger(size) &&
      size >= 0 &&
      size <= this.capacity &&
      Number.isInteger(next) &&
      next >= 0 &&
      next < this.capacity &&
      (size === this.capacity || next === size) &&
      Number.isInteger(totalStored) &&
      totalStored >= size;
    if (!ok)
      throw new Error(
        `A replay buffer state needs 0 <= size <= capacity (${this.capacity}), next = size until full, totalStored >= size; got size ${size}, next ${next}, totalStored ${totalStored}.`,
      );
    this.sizeValue = size;
    this.nextRow = next;
    this.stored = totalStored;
  }

  store(t: Transition): void {
    checkRow("obs", t.obs, this.obsDim);
    checkRow("action", t.action, this.actDim);
    checkRow("nextObs", t.nextObs, this.obsDim);
    if (!Number.isFinite(t.reward))
      throw new Error(`A transition's reward is ${t.reward}; the replay buffer only stores finite numbers.`);
    const row = this.nextRow;
    this.obs.set(t.obs, row * this.obsDim);
    this.action.set(t.action, row * this.actDim);
    this.nextObs.set(t.nextObs, row * this.obsDim);
    this.reward[row] = t.reward;
    const terminal = t.terminal ? 1 : 0;
    this.terminal[row] = terminal;
    this.truncated[row] = !terminal && t.truncated ? 1 : 0;
    this.advance(1);
  }

  /** Stores `count` rows of column-wise transitions (all of them when count is omitted). */
  storeBatch(columns: TransitionColumns, count = columns.reward.length): void {
    const { obsDim, actDim } = this;
    if (!Number.isInteger(count) || count < 0 || count > columns.reward.length)
      throw new Error(`storeBatch count must be an integer in [0, ${columns.reward.length}], got ${count}.`);
    const need: [string, Float32Array | undefined, number][] = [
      ["obs", columns.obs, obsDim],
      ["action", columns.action, actDim],
      ["nextObs", columns.nextObs, obsDim],
      ["terminal", columns.terminal, 1],
      ["truncated", columns.truncated, 1],
    ];
    for (const [name, col, dim] of need)
      if (col && col.length < count * dim)
        throw new Error(
          `storeBatch needs ${count * dim} values in ${name} (${count} rows x ${dim}), got ${col.length}.`,
        );
    checkFinite("obs", columns.obs.subarray(0, count * obsDim), obsDim);
    checkFinite("action", columns.action.subarray(0, count * actDim), actDim);
    checkFinite("nextObs", columns.nextObs.subarray(0, count * obsDim), obsDim);
    checkFinite("reward", columns.reward.subarray(0, count), 1);
    checkFlags("terminal", columns.terminal.subarray(0, count));
    if (columns.truncated) checkFlags("truncated", columns.truncated.subarray(0, count));
    // Only the last `capacity` rows survive; copy them in at most two contiguous pieces per column.
    const skip = Math.max(0, count - this.capacity);
    if (skip > 0) this.advance(skip);
    let from = skip;
    while (from < count) {
      const row = this.nextRow;
      const n = Math.min(count - from, this.capacity - row);
      this.obs.set(columns.obs.subarray(from * obsDim, (from + n) * obsDim), row * obsDim);
      this.action.set(columns.action.subarray(from * actDim, (from + n) * actDim), row * actDim);
      this.nextObs.set(columns.nextObs.subarray(from * obsDim, (from + n) * obsDim), row * obsDim);
      this.reward.set(columns.reward.subarray(from, from + n), row);
      this.terminal.set(columns.terminal.subarray(from, from + n), row);
      if (columns.truncated) {
        this.truncated.set(columns.truncated.subarray(from, from + n), row);
        // A terminal step is not also a truncation.
        for (let i = row; i < row + n; i++) if (this.terminal[i]) this.truncated[i] = 0;
      } else this.truncated.fill(0, row, row + n);
      this.advance(n);
      from += n;
    }
  }

  /** Stores every transition of a dataset's transition view (the newest `capacity` if it holds more). */
  storeTransitions(view: TransitionView): void {
    if (view.obsDim !== this.obsDim || view.actDim !== this.actDim)
      throw new Error(
        `The transitions have observation/action sizes ${view.obsDim}/${view.actDim}; the replay buffer holds ${this.obsDim}/${this.actDim}.`,
      );
    this.storeBatch({
      obs: view.obs,
      action: view.actions,
      reward: view.rewards,
      nextObs: view.nextObs,
      terminal: view.terminals,
      truncated: view.truncations,
    });
  }

  /**
   * `batchSize` transitions drawn uniformly with replacement. The returned Batch is owned by the
   * buffer and overwritten by the next call to sample (no allocation per call); copy what you keep,
   * or use sampleInto with your own Batch.
   */
  sample(batchSize: number, rng: Rng): Batch {
    if (!this.cachedBatch || this.cachedBatch.size !== batchSize) {
      if (!Number.isInteger(batchSize) || batchSize < 1)
        throw new Error(`A batch size must be a positive integer, got ${batchSize}.`);
      this.cachedBatch = allocBatch(batchSize, this.obsDim, this.actDim);
    }
    return this.sampleInto(this.cachedBatch, rng);
  }

  /** Fills `out` (its size rows) with transitions drawn uniformly with replacement. */
  sampleInto(out: Batch, rng: Rng): Batch {
    if (this.sizeValue === 0)
      throw new Error("Cannot sample from an empty replay buffer; store transitions first.");
    if (out.obsDim !== this.obsDim || out.actDim !== this.actDim)
      throw new Error(
        `The batch has observation/action sizes ${out.obsDim}/${out.actDim}; the replay buffer holds ${this.obsDim}/${this.actDim}.`,
      );
    const { obsDim, actDim } = this;
    // Plain loops: rows are short, and subarray views would allocate per row.
    for (let b = 0; b < out.size; b++) {
      const i = rng.int(this.sizeValue);
      for (let k = 0, src = i * obsDim, dst = b * obsDim; k < obsDim; k++) {
        out.obs[dst + k] = this.obs[src + k];
        out.nextObs[dst + k] = this.nextObs[src + k];
      }
      for (let k = 0, src = i * actDim, dst = b * actDim; k < actDim; k++)
        out.action[dst + k] = this.action[src + k];
      out.reward[b] = this.reward[i];
      out.terminal[b] = this.terminal[i];
    }
    return out;
  }

  private advance(n: number): void {
    this.nextRow = (this.nextRow + n) % this.capacity;
    this.sizeValue = Math.min(this.capacity, this.sizeValue + n);
    this.stored += n;
  }
}
