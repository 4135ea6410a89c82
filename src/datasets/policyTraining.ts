// Trains (or resumes) the SAC run that yields an env's medium and expert behavior policies, with
// the project's online loop (checkpoints, bit-identical resume). At every evaluation the actor is
// kept (snapshots/) and its data scored (snapshotScoring.ts; the rule: policyTrainingSettings.ts):
//   - the first snapshot taken for the medium target is the medium policy (medium/policy.safetensors),
//     with the replay buffer up to that step and its qpos/qvel (the medium-replay data); if the
//     scores pass the target first, the closest snapshot so far;
//   - after it, the first taken for the expert target is the expert (expert/policy.safetensors), and
//     the run stops there; a run that reaches its length without one takes its highest-scored
//     snapshot.
// Because a resumed run repeats the same steps bit for bit, a snapshot taken before a crash is
// taken identically again if its marker file was not yet written.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { SoftActorCritic } from "../agents/softActorCritic.js";
import { ReplayBuffer } from "../data/replayBuffer.js";
import { saveReplayBuffer } from "../data/replayBufferFile.js";
import "../envs/index.js";
import { makeEnv } from "../envs/registry.js";
import type { Env } from "../envs/types.js";
import { RescaleAction } from "../envs/wrappers/rescaleAction.js";
import { CheckpointStore } from "../experiments/loops/checkpointStore.js";
import { CHECKPOINTS_DIR, type LoopProgress } from "../experiments/loops/loopRun.js";
import type { LoopState } from "../experiments/loops/loopState.js";
import { runOnlineLoop } from "../experiments/loops/onlineLoop.js";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { takeRunLock } from "../util/runLock.js";
import { relabelBehaviorPolicy, saveBehaviorPolicy } from "./behaviorPolicy.js";
import type { DataScore } from "./dataScore.js";
import { physicalStateReader } from "./physicalState.js";
import {
  POLICY_TRAINING_SETTINGS,
  type PolicyTrainingSettings,
  type PolicyTrainingSettingsInput,
  parsePolicyTrainingSettings,
  policyTrainingFamily,
} from "./policyTrainingSettings.js";
import { evaluationAt, evaluationOfLine, evaluationReporter, selectedPolicyInfo } from "./runEvaluations.js";
import { sacAgentFor, sacLoopConfig } from "./sacPolicyRun.js";
import {
  closestToMedium,
  HIGHEST_SCORED_RULE,
  highestScored,
  PASSED_WINDOW_RULE,
  passedMediumWindow,
  type SnapshotKind,
  scoreSnapshot,
  targetOf,
  windowRule,
} from "./snapshotScoring.js";
import { StateLog } from "./stateLog.js";
import { StateRecordingEnv } from "./stateRecordingEnv.js";
import {
  type DataScoreRecord,
  type EvaluationRecord,
  type LocomotionExpertRecord,
  type MediumRecord,
  TrainingDirectory,
  writeJson,
} from "./trainingDirectory.js";

const SNAPSHOT_RULE = "an evaluation snapshot of the training run (not selected)";

/** Begins the error sentences about a run. */
const RUN_NAME = "The training run";

export interface PolicyTrainingHooks {
  onProgress?: (p: LoopProgress) => void;
  /** Stop once the medium snapshot exists (the run can be resumed later for the expert). */
  untilMedium?: boolean;
  /** Checked after every env step; true stops the run there (resumable). */
  shouldStop?: () => boolean;
  /** Stop at the first checkpoint this session writes at or after this env step (resumable from there). */
  stopAfter?: number;
}

export interface PolicyTrainingOutcome {
  dir: TrainingDirectory;
  medium: MediumRecord | null;
  /** Set once the run has finished (its expert chosen). */
  expert: LocomotionExpertRecord | null;
  /** Env steps done so far. */
  step: number;
}

/**
 * Writes training.json, or checks that an existing run was started with the same settings. Only the
 * run length (`steps`) may change between sessions: a run can be extended, or ended early at a step
 * it has passed, and the expert is then the best evaluation within the new length.
 */
function pinSettings(dir: TrainingDirectory, s: PolicyTrainingSettings): void {
  const text = `${JSON.stringify(s, null, 2)}\n`;
  if (!existsSync(dir.settingsFile)) {
    writeFileAtomic(dir.settingsFile, text);
    return;
  }
  const pinned = readFileSync(dir.settingsFile, "utf8");
  if (pinned === text) return;
  const withoutSteps = (json: string) => JSON.stringify({ ...JSON.parse(json), steps: 0 });
  if (withoutSteps(pinned) !== withoutSteps(text))
    throw new Error(
      `${RUN_NAME} ${dir.root} was started with other settings (see ${dir.settingsFile}); remove the directory to start over.`,
    );
  if (dir.expert())
    throw new Error(
      `${RUN_NAME} ${dir.root} has finished (its expert policy is chosen); its length can no longer change from ${JSON.parse(pinned).steps} to ${s.steps} steps.`,
    );
  writeFileAtomic(dir.settingsFile, text);
}

function done(dir: TrainingDirectory, step: number): PolicyTrainingOutcome {
  return { dir, medium: dir.medium(), expert: dir.expert<LocomotionExpertRecord>(), step };
}

/** The policy file's information about a selected snapshot. */
function dataInfo(data: DataScore) {
  return { dataReturnMean: data.returnMean, dataScore: data.score, dataEpisodes: data.episodes };
}

/**
 * Ends a run that reached `runSteps` without an expert: its highest-scored snapshot becomes the
 * expert (expert/policy.safetensors, a relabelled copy, and expert/expert.json).
 */
function chooseHighestScoredExpert(
  dir: TrainingDirectory,
  s: PolicyTrainingSettings,
  runSteps: number,
): LocomotionExpertRecord {
  const best = highestScored(dir.dataScores(), runSteps);
  if (!best) throw new Error(`${RUN_NAME} ${dir.root} finished without any scored snapshot.`);
  const e = evaluationOfStep(dir, best.step);
  const data = best.pooled ?? best.screen;
  relabelBehaviorPolicy(dir.snapshotPolicy(best.step), dir.expertPolicy, {
    kind: "expert",
    selectionRule: HIGHEST_SCORED_RULE,
    ...dataInfo(data),
  });
  const last = dir.lastMetrics();
  const record: LocomotionExpertRecord = {
    ...e,
    data,
    targetScore: s.expertDataScore,
    rule: HIGHEST_SCORED_RULE,
    runSteps,
    runWallSeconds: typeof last?.wallSeconds === "number" ? last.wallSeconds : e.wallSeconds,
  };
  writeJson(dir.expertRecordFile, record);
  return record;
}

/** The first `rows` transitions of a buffer that has kept every step in order (the run's first steps). */
function bufferPrefix(buffer: ReplayBuffer, rows: number): ReplayBuffer {
  const prefix = new ReplayBuffer(rows, buffer.obsDim, buffer.actDim);
  prefix.storeBatch(
    {
      obs: buffer.obs,
      action: buffer.action,
      reward: buffer.reward,
      nextObs: buffer.nextObs,
      terminal: buffer.terminal,
      truncated: buffer.truncated,
    },
    rows,
  );
  return prefix;
}

/** The evaluation logged at `step` in metrics.jsonl. */
function evaluationOfStep(dir: TrainingDirectory, step: number): EvaluationRecord {
  for (const l of readFileSync(dir.metricsFile, "utf8").split("\n")) {
    const e = l.trim() === "" ? null : evaluationOfLine(JSON.parse(l) as Record<string, unknown>);
    if (e?.step === step) return e;
  }
  throw new Error(`${RUN_NAME} ${dir.root} has no evaluation logged at step ${step}.`);
}

export async function trainBehaviorPolicies(
  root: string,
  input: PolicyTrainingSettingsInput,
  hooks: PolicyTrainingHooks = {},
): Promise<PolicyTrainingOutcome> {
  const settings = parsePolicyTrainingSettings(input);
  mkdirSync(root, { recursive: true });
  const dir = new TrainingDirectory(root);
  // The lock first: a second session must not rewrite the settings of a run another one is training.
  const release = takeRunLock(join(root, "run.lock"), `${RUN_NAME} ${root}`);
  try {
    pinSettings(dir, settings);
    return await train(dir, settings, hooks);
  } finally {
    release();
  }
}

async function train(
  dir: TrainingDirectory,
  settings: PolicyTrainingSettings,
  hooks: PolicyTrainingHooks,
): Promise<PolicyTrainingOutcome> {
  const root = dir.root;
  const config = sacLoopConfig(settings.env, settings, POLICY_TRAINING_SETTINGS);
  const checkpoints = new CheckpointStore<LoopState>(join(root, CHECKPOINTS_DIR));
  const resumeStep = checkpoints.latest()?.state.step ?? 0;
  if (dir.expert() || (hooks.untilMedium && dir.medium())) return done(dir, resumeStep);
  if (resumeStep >= settings.steps && dir.medium()) {
    chooseHighestScoredExpert(dir, settings, settings.steps);
    return done(dir, resumeStep);
  }
  // Snapshots after the checkpoint are made again; their scores are recomputed with them.
  dir.keepDataScoresUpTo(resumeStep);
  const family = policyTrainingFamily(settings);

  const opened: Env[] = [];
  let agent: SoftActorCritic | null = null;
  try {
    const env: Env = new RescaleAction(await makeEnv(settings.env));
    opened.push(env);
    const evalEnv: Env = new RescaleAction(await makeEnv(settings.env));
    opened.push(evalEnv);
    // Scoring draws its own episodes: the training and evaluation envs are left as they are.
    const scoreEnv: Env = new RescaleAction(await makeEnv(settings.env));
    opened.push(scoreEnv);
    agent = sacAgentFor(env, settings);
    // Every step of the run is kept; a shortened run keeps the capacity it was checkpointed with.
    const buffer = new ReplayBuffer(Math.max(settings.steps, resumeStep), agent.obsDim, agent.actDim);

    // The medium-replay data needs the simulator state of every step until the medium snapshot.
    const reader = physicalStateReader(env);
    let recording: { env: StateRecordingEnv; log: StateLog } | null = null;
    if (!dir.medium() && reader) {
      const log = new StateLog(dir.stateLogFile, reader.nq + reader.nv, resumeStep);
      recording = { env: new StateRecordingEnv(env, reader, log), log };
    }
    const trainedAgent = agent;
    let stopNow = false;

    const selected = (kind: SnapshotKind, e: EvaluationRecord, data: DataScore) => ({
      ...selectedPolicyInfo(settings.env, kind, settings.seed, e, windowRule(settings, kind)),
      ...dataInfo(data),
    });
    const selectedRecord = (kind: SnapshotKind, e: EvaluationRecord, data: DataScore) => ({
      ...e,
      data,
      targetScore: targetOf(settings, kind),
      rule: windowRule(settings, kind),
    });

    /**
     * Takes the snapshot of evaluation `e` as the medium policy: the current actor when `e` is this
     * step's, else its kept snapshot (relabelled), with the replay buffer and states up to its step.
     */
    const takeMedium = (e: EvaluationRecord, data: DataScore, rule: string) => {
      mkdirSync(dirname(dir.mediumPolicy), { recursive: true });
      const info = { ...selected("medium", e, data), selectionRule: rule };
      if (e.step === buffer.size) {
        saveBehaviorPolicy(dir.mediumPolicy, trainedAgent, info);
        saveReplayBuffer(dir.mediumReplay, buffer, { force: true });
      } else {
        relabelBehaviorPolicy(dir.snapshotPolicy(e.step), dir.mediumPolicy, { ...info, kind: "medium" });
        saveReplayBuffer(dir.mediumReplay, bufferPrefix(buffer, e.step), { force: true });
      }
      const nq = reader?.nq ?? 0;
      const nv = reader?.nv ?? 0;
      if (recording) {
        const rows = recording.log.head(e.step);
        writeFileAtomic(dir.mediumStates, new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength));
      }
      const record: MediumRecord = { ...selectedRecord("medium", e, data), rule, nq, nv };
      writeJson(dir.mediumRecordFile, record);
      if (recording) {
        recording.env.stop();
        recording.log.remove();
        recording = null;
      }
      if (hooks.untilMedium) stopNow = true;
    };

    const takeExpert = (e: EvaluationRecord, data: DataScore) => {
      mkdirSync(dirname(dir.expertPolicy), { recursive: true });
      saveBehaviorPolicy(dir.expertPolicy, trainedAgent, selected("expert", e, data));
      const record: LocomotionExpertRecord = {
        ...selectedRecord("expert", e, data),
        runSteps: e.step,
        runWallSeconds: e.wallSeconds,
      };
      writeJson(dir.expertRecordFile, record);
      stopNow = true;
    };

    const scored = (step: number): DataScoreRecord => {
      const known = dir.dataScores().find((r) => r.step === step);
      if (known) return known;
      // A step repeated after a resume is scored as it was the first time (medium open up to the
      // medium step): the medium is never taken twice, nor its own snapshot as the expert.
      const medium = dir.medium();
      const open: SnapshotKind[] = !medium || step <= medium.step ? ["medium"] : ["expert"];
      const record = scoreSnapshot(dir.snapshotPolicy(step), step, { settings, family, env: scoreEnv, open });
      dir.appendDataScore(record);
      return record;
    };

    const reportEvaluations = evaluationReporter(settings.evalEvery, (step) => {
      const e = evaluationAt(dir, step);
      if (!e || dir.expert()) return;
      mkdirSync(dir.snapshotsDir, { recursive: true });
      saveBehaviorPolicy(
        dir.snapshotPolicy(step),
        trainedAgent,
        selectedPolicyInfo(settings.env, "snapshot", settings.seed, e, SNAPSHOT_RULE),
      );
      const r = scored(step);
      const data = r.pooled ?? r.screen;
      if (r.taken === "medium" && !dir.medium()) takeMedium(e, data, windowRule(settings, "medium"));
      else if (r.taken === "expert" && dir.medium()) takeExpert(e, data);
      else if (!dir.medium() && passedMediumWindow(settings, r)) {
        // No snapshot came within the tolerance before the scores passed the target: the closest.
        const closest = closestToMedium(settings, dir.dataScores(), step);
        const c = closest.pooled ?? closest.screen;
        takeMedium(closest.step === step ? e : evaluationOfStep(dir, closest.step), c, PASSED_WINDOW_RULE);
      }
    });

    const result = await runOnlineLoop({
      config,
      agent,
      env: recording?.env ?? env,
      evalEnv,
      buffer,
      runDir: root,
      onProgress: (p) => {
        reportEvaluations(p);
        // Reports follow the checkpoint written at an episode's end, so this sees it.
        if (hooks.stopAfter !== undefined && p.step >= hooks.stopAfter && p.step < p.total) {
          const saved = checkpoints.latest()?.state.step ?? 0;
          if (saved >= hooks.stopAfter && saved > resumeStep) stopNow = true;
        }
        hooks.onProgress?.(p);
      },
      shouldStop: () => stopNow || (hooks.shouldStop?.() ?? false),
    });

    if (result.finished && !dir.medium())
      throw new Error(
        `SAC on ${settings.env} never produced a snapshot whose data scores within ${settings.dataScoreTolerance} points of the medium target ${settings.mediumDataScore} in ${result.step} steps (scores per snapshot: ${dir.dataScoresFile}; its snapshots are kept in ${dir.snapshotsDir}).`,
      );
    if (result.finished && !dir.expert()) chooseHighestScoredExpert(dir, settings, settings.steps);
    return done(dir, result.step);
  } finally {
    agent?.dispose();
    for (const e of opened) e.close();
  }
}
