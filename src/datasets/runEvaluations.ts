// The evaluation bookkeeping that the behavior-policy runs share (policyTraining.ts for the
// locomotion envs, antmaze/walkerTraining.ts for the AntMaze walking policy): read each evaluation
// from the loop's metrics log, keep the best one's policy (expert/best-policy.safetensors and
// expert/best.json), and once the run has finished, record that best as its expert.
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import type { LoopProgress } from "../experiments/loops/loopRun.js";
import type { SavedPolicyInfo } from "./behaviorPolicy.js";
import { projectVersion } from "./projectFiles.js";
import {
  type EvaluationRecord,
  type ExpertRecord,
  type TrainingDirectory,
  writeJson,
} from "./trainingDirectory.js";

export const EXPERT_RULE = "the best evaluation mean return of the whole run (earliest on ties)";

/** What a behavior policy file records about the run and the evaluation that selected it. */
export type SelectedPolicyInfo = SavedPolicyInfo;

export function selectedPolicyInfo(
  env: string,
  kind: string,
  trainingSeed: number,
  e: EvaluationRecord,
  selectionRule: string,
): SelectedPolicyInfo {
  return {
    env,
    kind,
    trainingSeed,
    trainingStep: e.step,
    evalReturnMean: e.evalReturnMean,
    evalReturnStd: e.evalReturnStd,
    selectionRule,
    projectVersion: projectVersion(),
  };
}

/**
 * A progress callback for the online loop that calls `onEvaluation(step)` once for every evaluated
 * step it reports (the loop reports after its evaluation of a step, and once when it starts or resumes).
 */
export function evaluationReporter(
  evalEvery: number,
  onEvaluation: (step: number) => void,
): (p: LoopProgress) => void {
  let lastHandledStep = -1;
  return (p) => {
    const evaluated = p.step > 0 && (p.step % evalEvery === 0 || p.step === p.total);
    if (evaluated && p.step !== lastHandledStep) {
      lastHandledStep = p.step;
      onEvaluation(p.step);
    }
  };
}

/** The evaluation a metrics line holds, or null if the line is not an evaluation. */
export function evaluationOfLine(line: Record<string, unknown> | null | undefined): EvaluationRecord | null {
  if (!line || typeof line.step !== "number" || typeof line.evalReturnMean !== "number") return null;
  return {
    step: line.step,
    evalReturnMean: line.evalReturnMean,
    evalReturnStd: line.evalReturnStd as number,
    wallSeconds: line.wallSeconds as number,
    ...(typeof line.cpuSeconds === "number" ? { cpuSeconds: line.cpuSeconds } : {}),
  };
}

/** The evaluation the loop logged at `step` (its latest metrics line), or null if that line is not one. */
export function evaluationAt(dir: TrainingDirectory, step: number): EvaluationRecord | null {
  const e = evaluationOfLine(dir.lastMetrics());
  return e?.step === step ? e : null;
}

/**
 * Makes `e` the run's best when its mean return beats the best so far (the earlier wins ties):
 * `savePolicy` writes the policy to dir.bestPolicy, then best.json records `e`.
 */
export function keepIfBest(
  dir: TrainingDirectory,
  e: EvaluationRecord,
  savePolicy: (path: string) => void,
): void {
  const best = dir.best();
  if (best && !(e.evalReturnMean > best.evalReturnMean)) return;
  mkdirSync(dirname(dir.bestPolicy), { recursive: true });
  savePolicy(dir.bestPolicy);
  writeJson(dir.bestRecordFile, e);
}

/**
 * Chooses the expert of a run that has reached its length (`runSteps`): its best evaluation, with
 * the run's length and time (expert/expert.json). A best evaluation after the length (possible when
 * a run is shortened after passing it) has no policy within the run, so the run cannot end there.
 * `runName` begins the error sentences ("The training run").
 */
export function chooseExpert(dir: TrainingDirectory, runSteps: number, runName: string): ExpertRecord {
  const best = dir.best();
  if (!best) throw new Error(`${runName} ${dir.root} finished without any evaluation.`);
  if (best.step > runSteps)
    throw new Error(
      `${runName} ${dir.root}'s best evaluation is at step ${best.step}, after the requested length of ${runSteps} steps; choose a length of at least ${best.step}.`,
    );
  const last = dir.lastMetrics();
  const wall = typeof last?.wallSeconds === "number" ? last.wallSeconds : best.wallSeconds;
  const record: ExpertRecord = { ...best, runSteps, runWallSeconds: wall };
  writeJson(dir.expertRecordFile, record);
  return record;
}
