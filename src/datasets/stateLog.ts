// The simulator state (qpos, qvel) before every env step of a training run, kept in memory and
// appended to a file at episode ends, so that the replay buffer saved at a checkpoint can later be
// written out with D4RL's infos/qpos and infos/qvel. The file is raw little-endian float64 rows of
// nq + nv values. A resumed run cuts it back to the checkpoint's step count (the loop writes its
// checkpoints at episode ends, after the states up to there were appended).
import { closeSync, existsSync, openSync, readFileSync, rmSync, truncateSync, writeSync } from "node:fs";
import { endianness } from "node:os";

export class StateLog {
  private values: Float64Array;
  private rowCount = 0;
  private flushedRows = 0;

  /**
   * Opens the log at `path` keeping its first `keepRows` rows (0: a fresh log; the file is removed).
   * Fails if the file holds fewer rows than that.
   */
  constructor(
    readonly path: string,
    readonly width: number,
    keepRows: number,
  ) {
    if (endianness() !== "LE") throw new Error("State logs are little-endian; this machine is big-endian.");
    this.values = new Float64Array(Math.max(1024, keepRows) * width);
    if (keepRows === 0) {
      rmSync(path, { force: true });
      return;
    }
    const have = existsSync(path) ? readFileSync(path) : Buffer.alloc(0);
    const rowBytes = width * 8;
    const rows = Math.floor(have.length / rowBytes);
    if (rows < keepRows)
      throw new Error(
        `The state log ${path} holds ${rows} steps, but the checkpoint to resume from needs ${keepRows}; the training run's files are inconsistent.`,
      );
    new Uint8Array(this.values.buffer).set(have.subarray(0, keepRows * rowBytes));
    truncateSync(path, keepRows * rowBytes);
    this.rowCount = keepRows;
    this.flushedRows = keepRows;
  }

  get rows(): number {
    return this.rowCount;
  }

  /** Space for the next row, to be filled by the caller. */
  nextRow(): Float64Array {
    if ((this.rowCount + 1) * this.width > this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    const row = this.values.subarray(this.rowCount * this.width, (this.rowCount + 1) * this.width);
    this.rowCount++;
    return row;
  }

  /** Appends the rows not yet in the file. */
  flush(): void {
    if (this.flushedRows === this.rowCount) return;
    const bytes = new Uint8Array(
      this.values.buffer,
      this.flushedRows * this.width * 8,
      (this.rowCount - this.flushedRows) * this.width * 8,
    );
    const fd = openSync(this.path, "a");
    try {
      let off = 0;
      while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    } finally {
      closeSync(fd);
    }
    this.flushedRows = this.rowCount;
  }

  /** The first `count` rows (a view). */
  head(count: number): Float64Array {
    if (count > this.rowCount)
      throw new Error(`The state log ${this.path} has ${this.rowCount} steps, not ${count}.`);
    return this.values.subarray(0, count * this.width);
  }

  /** Stops logging and removes the file. */
  remove(): void {
    rmSync(this.path, { force: true });
  }
}
