// The files of a behavior-policy training run, <data dir>/policy-training/<env>-sac-seed<S>/:
//   training.json                 the run's settings (a resumed run must have the same)
//   metrics.jsonl, checkpoints/   the online loop's log and checkpoints (experiments/loops/onlineLoop.ts)
//   snapshots/step-<N>.safetensors  the actor at every evaluation (locomotion runs)
//   data-scores.jsonl             the data score of every snapshot (DataScoreRecord, one a line)
//   states.bin                    qpos/qvel before every step, until the medium policy is taken
//   medium/policy.safetensors     the medium behavior policy
//   medium/replay.safetensors     the replay buffer up to that step (the medium-replay data)
//   medium/states.bin             its qpos/qvel rows (float64, nq + nv per row)
//   medium/medium.json            written last: the medium snapshot is complete
//   expert/policy.safetensors     the expert behavior policy (locomotion runs)
//   expert/best-policy.safetensors, expert/best.json   the best evaluation so far (the AntMaze
//                                 walking-policy run, whose expert is its best evaluation)
//   expert/expert.json            written last: the expert is final
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../util/atomicWrite.js";
import type { DataScore } from "./dataScore.js";

export interface EvaluationRecord {
  /** Env steps of training when the policy was evaluated. */
  step: number;
  evalReturnMean: number;
  evalReturnStd: number;
  /** Training time up to then (seconds, summed over resumed sessions). */
  wallSeconds: number;
  /** CPU time of the training process up to then (all its threads, summed over sessions). */
  cpuSeconds?: number;
}

/** The data score of one snapshot (policyTrainingSettings.ts describes the rule). */
export interface DataScoreRecord {
  step: number;
  /** Over the first dataScoreEpisodes episodes. */
  screen: DataScore;
  /** The target the screen came near, if any, and the score over all its episodes then. */
  candidateFor?: "medium" | "expert";
  pooled?: DataScore;
  /** Set when the snapshot was taken as that policy. */
  taken?: "medium" | "expert";
}

/** A snapshot taken as a behavior policy, with the data score that chose it. */
export interface SelectedSnapshot extends EvaluationRecord {
  data: DataScore;
  targetScore: number;
  /** How it was chosen (policyTrainingSettings.ts). */
  rule: string;
}

export interface MediumRecord extends SelectedSnapshot {
  /** qpos / qvel widths of medium/states.bin. */
  nq: number;
  nv: number;
}

export interface ExpertRecord extends EvaluationRecord {
  /** The run's length and time when it finished. */
  runSteps: number;
  runWallSeconds: number;
}

export type LocomotionExpertRecord = ExpertRecord & SelectedSnapshot;

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
  get snapshotsDir(): string {
    return join(this.root, "snapshots");
  }
  snapshotPolicy(step: number): string {
    return join(this.snapshotsDir, `step-${String(step).padStart(8, "0")}.safetensors`);
  }
  get dataScoresFile(): string {
    return join(this.root, "data-scores.jsonl");
  }
  get expertPolicy(): string {
    return join(this.root, "expert", "policy.safetensors");
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
  expert<T extends ExpertRecord = ExpertRecord>(): T | null {
    return readJson<T>(this.expertRecordFile);
  }

  /** The data scores recorded so far, in step order (the last record of a step wins). */
  dataScores(): DataScoreRecord[] {
    if (!existsSync(this.dataScoresFile)) return [];
    const byStep = new Map<number, DataScoreRecord>();
    for (const line of readFileSync(this.dataScoresFile, "utf8").split("\n")) {
      if (line.trim() === "") continue;
      try {
        const r = JSON.parse(line) as DataScoreRecord;
        byStep.set(r.step, r);
      } catch {
        // A line cut by a crash: its snapshot is scored again.
      }
    }
    return [...byStep.values()].sort((a, b) => a.step - b.step);
  }

  /** Forgets the data scores after `step` (a resumed run scores its snapshots again from there). */
  keepDataScoresUpTo(step: number): void {
    const kept = this.dataScores().filter((r) => r.step <= step);
    if (kept.length === 0 && !existsSync(this.dataScoresFile)) return;
    writeFileAtomic(this.dataScoresFile, kept.map((r) => `${JSON.stringify(r)}\n`).join(""));
  }

  appendDataScore(r: DataScoreRecord): void {
    appendFileSync(this.dataScoresFile, `${JSON.stringify(r)}\n`);
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
