// Batches of training windows the way SynthER batches its data (ATraDiff §4.1): shuffled passes
// over the given windows, incomplete last batches dropped. Used by training (every window) and by
// online adaptation's fine-tuning (the windows of the chosen real samples, §4.3). The order is
// shuffled with the caller's Rng at the moment a pass starts, so draws interleave with the caller's
// own draws exactly as before. The rows are in the diffuser's state encoding (stateDeltas.ts).
import type { Rng } from "../../engine/rng.js";
import { encodeStateDeltas, type StateEncoding } from "./stateDeltas.js";
import type { TrainingWindows } from "./trainingWindows.js";

export class WindowBatches {
  readonly size: number;
  /** size x windows.width, states encoded as stateEncoding says */
  readonly rows: Float32Array;
  /** size x obsDim: each window's first state (the diffuser's condition). */
  readonly firstStates: Float32Array;
  readonly taskIds: Float64Array;
  /** Remaining episode lengths, for length-conditioned diffusers; null otherwise. */
  readonly lengths: Float64Array | null;
  private readonly order: number[];
  private next: number;

  constructor(
    private readonly windows: TrainingWindows,
    ids: readonly number[],
    batchSize: number,
    lengthConditioned: boolean,
    private readonly rng: Rng,
    private readonly stateEncoding: StateEncoding = "absolute",
  ) {
    this.size = Math.min(batchSize, ids.length);
    this.rows = new Float32Array(this.size * windows.width);
    this.firstStates = new Float32Array(this.size * windows.layout.obsDim);
    this.taskIds = new Float64Array(this.size);
    this.lengths = lengthConditioned ? new Float64Array(this.size) : null;
    this.order = [...ids];
    this.next = this.order.length; // forces a shuffle first
  }

  /** Writes the next batch into rows, firstStates, taskIds and lengths. */
  fill(): void {
    const { windows, size } = this;
    const o = windows.layout.obsDim;
    this.startBatch();
    for (let b = 0; b < size; b++) {
      const i = this.order[this.next + b];
      windows.writeRow(i, this.rows, b * windows.width);
      windows.writeFirstState(i, this.firstStates, b * o);
      this.taskIds[b] = windows.task(i);
      if (this.lengths) this.lengths[b] = windows.remainingLength(i);
    }
    if (this.stateEncoding === "delta") encodeStateDeltas(windows.layout, windows.k, this.rows, size);
    this.next += size;
  }

  /**
   * Passes over the next n batches without writing them, drawing the same shuffles as n fills: a
   * training resumed mid-pass continues the order it was stopped in.
   */
  skip(n: number): void {
    for (let i = 0; i < n; i++) {
      this.startBatch();
      this.next += this.size;
    }
  }

  /** Shuffles for a new pass when the current one cannot fill a batch. */
  private startBatch(): void {
    if (this.next + this.size > this.order.length) {
      this.rng.shuffle(this.order);
      this.next = 0;
    }
  }
}
