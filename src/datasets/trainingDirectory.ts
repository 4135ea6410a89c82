// The files of a behavior-policy training run, <data dir>/policy-training/<env>-sac-seed<S>/:
//   training.json                 the run's settings (a resumed run must have the same)
//   metrics.jsonl, checkpoints/   the online loop's log and checkpoints (experiments/onlineLoop.ts)
//   states.bin                    qpos/qvel before every step, until the medium policy is taken
//   medium/policy.safetensors     the medium behavior policy
//   medium/replay.safetensors     the replay buffer up to that step (the medium-replay data)
//   medium/states.bin             its qpos/qvel rows (float64, nq + nv per row)
//   medium/medium.json            written last: the medium snapshot is complete
//   expert/best-policy.safetensors, expert/best.json   the best evaluation so far
//   expert/expert.json            written when the run has finished: the expert is final
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../util/atomicWrite.js";

export interface EvaluationRecord {
  /** Env steps of training when the policy was evaluated. */
  step: number;
  evalReturnMean: number;
  evalReturnStd: number;
  /** Training time up to then (seconds, summed over resumed sessions). */
  wallSeconds: number;
}

export interface MediumRecord extends EvaluationRecord {
  /** The stopping rule's threshold. */
  mediumReturn: number;
  /** qpos / qvel widths of medium/states.bin. */
  nq: number;
  nv: number;
}

export interface ExpertRecord extends EvaluationRecord {
  /** The run's length and time when it finished. */
  runSteps: number;
  runWallSeconds: number;
}

export function trainingDirectoryName(env: string, seed: number): string {
  return `${env}-sac-seed${seed}`;
}

export class TrainingDirectory {
  constructor(readonly root: string) {}

  get settingsFile(): string {
    return join(this.root, "training.json");
  }
  get metricsFile(): string {
    return join(this.root, "metrics.jsonl");
  }
  get stateLogFile(): string {
    return join(this.root, "states.bin");
  }
  get mediumPolicy(): string {
    return join(this.root, "medium", "policy.safetensors");
  }
  get mediumReplay(): string {
    return join(this.root, "medium", "replay.safetensors");
  }
  get mediumStates(): string {
    return join(this.root, "medium", "states.bin");
  }
  get mediumRecordFile(): string {
    return join(this.root, "medium", "medium.json");
  }
  get bestPolicy(): string {
    return join(this.root, "expert", "best-policy.safetensors");
  }
  get bestRecordFile(): string {
    return join(this.root, "expert", "best.json");
  }
  get expertRecordFile(): string {
    return join(this.root, "expert", "expert.json");
  }

  medium(): MediumRecord | null {
    return readJson<MediumRecord>(this.mediumRecordFile);
  }
  best(): EvaluationRecord | null {
    return readJson<EvaluationRecord>(this.bestRecordFile);
  }
  expert(): ExpertRecord | null {
    return readJson<ExpertRecord>(this.expertRecordFile);
  }

  /** The latest metrics line (the loop writes one at every evaluation), or null. */
  lastMetrics(): Record<string, unknown> | null {
    if (!existsSync(this.metricsFile)) return null;
    const lines = readFileSync(this.metricsFile, "utf8").trimEnd().split("\n");
    const last = lines[lines.length - 1];
    return last ? (JSON.parse(last) as Record<string, unknown>) : null;
  }
}

export function writeJson(path: string, value: unknown): void {
  writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`);
}

function readJson<T>(path: string): T | null {
  if (!existsSync(path)) return null;
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (err) {
    throw new Error(
      `${path} is not valid JSON (${(err as Error).message}); the training run's files are damaged.`,
    );
  }
}
