// Opening a run directory for a loop: a fresh start, or the state of its latest checkpoint with the
// agent (and buffer) loaded back and metrics.jsonl cut back to the checkpoint's length.
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { RunConfig } from "../job/runConfig.js";
import { CheckpointStore } from "./checkpointStore.js";
import { checkLoopState, freshLoopState, type LoopState } from "./loopState.js";
import { MetricsLog } from "./metricsLog.js";

export interface LoopProgress {
  step: number;
  total: number;
  lastReturn: number | null;
  lastEvalReturn: number | null;
}

export interface LoopResult {
  /** false: stopped early (shouldStop); the run can be resumed from its latest checkpoint. */
  finished: boolean;
  step: number;
}

export interface LoopRun {
  state: LoopState;
  metrics: MetricsLog;
  checkpoints: CheckpointStore<LoopState>;
  /** The checkpoint the run resumed from, or null for a fresh start. */
  resumedFrom: string | null;
}

export const METRICS_FILE = "metrics.jsonl";
export const CHECKPOINTS_DIR = "checkpoints";
/** Inside each checkpoint directory. */
export const AGENT_FILE = "agent.safetensors";

export function openRun(
  runDir: string,
  config: RunConfig,
  loadFiles: (checkpointDir: string) => void,
): LoopRun {
  mkdirSync(runDir, { recursive: true });
  const metrics = new MetricsLog(join(runDir, METRICS_FILE));
  const checkpoints = new CheckpointStore<LoopState>(join(runDir, CHECKPOINTS_DIR));
  const latest = checkpoints.latest();
  if (latest === null) {
    // Nothing to continue from: lines a killed first session wrote are dropped.
    metrics.truncateTo(0);
    return {
      state: freshLoopState(config.mode, config.seed, config.checkpointEvery),
      metrics,
      checkpoints,
      resumedFrom: null,
    };
  }
  const statePath = join(latest.dir, "loop.json");
  const state = checkLoopState(latest.state, config, statePath);
  if (!state.finished) {
    metrics.checkResumePoint(state.metricsBytes, statePath);
    loadFiles(latest.dir);
    metrics.truncateTo(state.metricsBytes);
  }
  return { state, metrics, checkpoints, resumedFrom: latest.dir };
}

export function saveCheckpoint(run: LoopRun, writeFiles: (dir: string) => void): string {
  return run.checkpoints.write(run.state.step, run.state, writeFiles);
}
