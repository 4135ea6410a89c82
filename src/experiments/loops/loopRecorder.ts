// Collects what happens between two log points (finished episodes, losses) and writes one
// metrics.jsonl line per log point. Its running sums live in the LoopState, so a checkpoint
// captures them and a resumed run writes the same lines.
import { d4rlFamilyOf, d4rlNormalizedScore } from "../../data/d4rlScores.js";
import type { EvalResult } from "./evaluate.js";
import type { LoopState } from "./loopState.js";
import type { MetricsLog, MetricsRecord } from "./metricsLog.js";
import type { BufferMetrics } from "./trainingBuffer.js";

export class LoopRecorder {
  private readonly sessionStart = performance.now();
  private readonly sessionCpuStart = process.cpuUsage();
  private readonly sessionBaseSeconds: number;
  private readonly sessionBaseCpuSeconds: number;

  constructor(
    private readonly state: LoopState,
    private readonly log: MetricsLog,
    private readonly envId: string,
  ) {
    this.sessionBaseSeconds = state.wallSeconds;
    this.sessionBaseCpuSeconds = state.cpuSeconds;
  }

  /** CPU time of this process (all its threads), summed over sessions. */
  cpuSeconds(): number {
    const used = process.cpuUsage(this.sessionCpuStart);
    return this.sessionBaseCpuSeconds + (used.user + used.system) / 1e6;
  }

  /** Training time so far, summed over sessions. */
  wallSeconds(): number {
    return this.sessionBaseSeconds + (performance.now() - this.sessionStart) / 1000;
  }

  episodeFinished(episodeReturn: number): void {
    this.state.episodes++;
    this.state.episodeReturnsSinceLog.push(episodeReturn);
    this.state.lastEpisodeReturn = episodeReturn;
  }

  /** Adds one update's losses; a non-finite value stops training with a sentence saying where. */
  losses(values: Record<string, number>): void {
    const tally = this.state.lossesSinceLog;
    for (const [name, v] of Object.entries(values)) {
      if (!Number.isFinite(v))
        throw new Error(`Training diverged at step ${this.state.step}: the agent's "${name}" is ${v}.`);
      const t = tally[name] ?? { sum: 0, count: 0 };
      t.sum += v;
      t.count++;
      tally[name] = t;
    }
  }

  /** Writes the line for the current step and starts the next interval. */
  writeLine(evaluation: EvalResult | null, augmentation?: BufferMetrics): MetricsRecord {
    const s = this.state;
    const wall = this.wallSeconds();
    const record: Omit<MetricsRecord, "wallSeconds" | "stepsPerSecond"> = { step: s.step };
    if (s.mode !== "offline") {
      record.episodes = s.episodes;
      record.episodeReturns = s.episodeReturnsSinceLog;
    }
    if (evaluation) {
      record.evalReturnMean = evaluation.mean;
      record.evalReturnStd = evaluation.std;
      const family = d4rlFamilyOf(this.envId);
      if (family) record.evalScore = d4rlNormalizedScore(family, evaluation.mean);
      s.lastEvalReturn = evaluation.mean;
    }
    const names = Object.keys(s.lossesSinceLog).sort();
    if (names.length > 0) {
      record.losses = {};
      for (const n of names) record.losses[n] = s.lossesSinceLog[n].sum / s.lossesSinceLog[n].count;
    }
    if (augmentation) Object.assign(record, augmentation);
    const dt = wall - s.lastLogWallSeconds;
    const line: MetricsRecord = {
      ...record,
      wallSeconds: wall,
      cpuSeconds: this.cpuSeconds(),
      ...(s.cpuFromStep > 0 ? { cpuFromStep: s.cpuFromStep } : {}),
      stepsPerSecond: dt > 0 ? (s.step - s.lastLogStep) / dt : 0,
    };
    this.log.append(line);
    s.episodeReturnsSinceLog = [];
    s.lossesSinceLog = {};
    s.lastLogStep = s.step;
    s.lastLogWallSeconds = wall;
    s.metricsBytes = this.log.byteLength;
    return line;
  }

  /** Brings the state's clock up to date before it is saved. */
  syncClock(): void {
    this.state.wallSeconds = this.wallSeconds();
    this.state.cpuSeconds = this.cpuSeconds();
  }
}
