// metrics.jsonl: one JSON object per log point, appended line by line. Each line goes out in one
// write followed by fsync; a checkpoint records the file's byte length, and resuming truncates the
// file back to it, so lines written after the last checkpoint by a killed run (or half a line) are
// dropped and written again identically by the resumed run.
import {
  closeSync,
  existsSync,
  fsyncSync,
  openSync,
  readSync,
  statSync,
  truncateSync,
  writeSync,
} from "node:fs";
import { withErrorPath } from "../../util/systemErrors.js";

/** One log point. Timing fields (wallSeconds, envStepsPerSecond) are the only non-reproducible ones. */
export interface MetricsRecord {
  step: number;
  /** Episodes finished so far (online modes). */
  episodes?: number;
  /** Returns of the training episodes that finished since the previous log point. */
  episodeReturns?: number[];
  evalReturnMean?: number;
  evalReturnStd?: number;
  /** D4RL-normalized evaluation score, when the env family has reference scores. */
  evalScore?: number;
  /** Mean of each loss / statistic over the updates since the previous log point. */
  losses?: Record<string, number>;
  /** Augmented runs: cumulative counts (synthetic rows stored, trajectories generated, ...). */
  synthetic?: Record<string, number>;
  /** Augmented runs: seconds spent generating synthetic data since the previous log point. */
  generationSeconds?: number;
  /** Augmented runs: of which the agent's thread waited (generation in a worker thread). */
  generationWaitSeconds?: number;
  /** Augmented runs: seconds spent adapting / retraining the generative model since the previous log point. */
  adaptationSeconds?: number;
  /** Training time so far (seconds, summed over resumed sessions). */
  wallSeconds: number;
  /**
   * CPU time of the seed's process so far (user + system, every thread: engine workers and the
   * generator's worker included; summed over sessions). The cost measure that a shared machine does
   * not inflate, unlike wallSeconds.
   */
  cpuSeconds?: number;
  /** Present when CPU time was counted from this step on only (a run begun before it was counted). */
  cpuFromStep?: number;
  /** Env steps (offline mode: gradient steps) per second since the previous log point. */
  stepsPerSecond: number;
}

/** Fields that differ between two otherwise identical runs. */
export const TIMING_FIELDS = [
  "wallSeconds",
  "cpuSeconds",
  "cpuFromStep",
  "stepsPerSecond",
  "generationSeconds",
  "generationWaitSeconds",
  "adaptationSeconds",
] as const;

export class MetricsLog {
  constructor(readonly path: string) {}

  /** Current byte length (0 when the file does not exist yet). */
  get byteLength(): number {
    return existsSync(this.path) ? statSync(this.path).size : 0;
  }

  /**
   * Refuses a recorded length (`metricsBytes` of the checkpoint `where`) that the file cannot have
   * been cut back to: past its end, or inside a line (the resumed run would append to half a line).
   */
  checkResumePoint(bytes: number, where: string): void {
    const size = this.byteLength;
    if (bytes > size)
      throw new Error(
        `"metricsBytes" in ${where} is ${bytes}, but ${this.path} holds only ${size} bytes; the metrics file or the checkpoint was altered.`,
      );
    if (bytes === 0) return;
    const last = Buffer.alloc(1);
    const fd = openSync(this.path, "r");
    try {
      readSync(fd, last, 0, 1, bytes - 1);
    } finally {
      closeSync(fd);
    }
    if (last[0] !== 0x0a)
      throw new Error(
        `"metricsBytes" in ${where} is ${bytes}, which falls inside a line of ${this.path}; expected the end of a line.`,
      );
  }

  /** Drops everything after `bytes` (the length recorded by the checkpoint being resumed). */
  truncateTo(bytes: number): void {
    const size = this.byteLength;
    if (size < bytes)
      throw new Error(
        `${this.path} holds ${size} bytes but the checkpoint being resumed recorded ${bytes}; the metrics file was altered.`,
      );
    if (size > bytes) truncateSync(this.path, bytes);
  }

  append(record: MetricsRecord): void {
    const line = Buffer.from(`${JSON.stringify(record, finiteOrNull)}\n`, "utf8");
    const fd = openSync(this.path, "a");
    try {
      let off = 0;
      while (off < line.length) off += writeSync(fd, line, off, line.length - off);
      fsyncSync(fd);
    } catch (err) {
      throw withErrorPath(err, this.path); // a full disk names the file (util/systemErrors.ts)
    } finally {
      closeSync(fd);
    }
  }
}

// JSON has no NaN/Infinity: write null so that a diverged loss stays visible instead of breaking the file.
function finiteOrNull(_key: string, value: unknown): unknown {
  return typeof value === "number" && !Number.isFinite(value) ? null : value;
}
