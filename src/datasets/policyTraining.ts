// Trains (or resumes) the SAC run that yields an env's medium and expert behavior policies, with
// the project's online loop (checkpoints, bit-identical resume). At every evaluation:
//   - the first whose mean return reaches the medium threshold takes the medium snapshot: the
//     actor (medium/policy.safetensors), the replay buffer up to that step and its qpos/qvel;
//   - a new best mean return replaces expert/best-policy.safetensors.
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
import { CheckpointStore } from "../experiments/checkpointStore.js";
import { CHECKPOINTS_DIR, type LoopProgress } from "../experiments/loopRun.js";
import type { LoopState } from "../experiments/loopState.js";
import { runOnlineLoop } from "../experiments/onlineLoop.js";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { takeRunLock } from "../util/runLock.js";
import { saveBehaviorPolicy } from "./behaviorPolicy.js";
import { physicalStateReader } from "./physicalState.js";
import {
  POLICY_TRAINING_SETTINGS,
  type PolicyTrainingSettings,
  type PolicyTrainingSettingsInput,
  parsePolicyTrainingSettings,
} from "./policyTrainingSettings.js";
import {
  chooseExpert,
  EXPERT_RULE,
  evaluationAt,
  evaluationReporter,
  keepIfBest,
  selectedPolicyInfo,
} from "./runEvaluations.js";
import { sacAgentFor, sacLoopConfig } from "./sacPolicyRun.js";
import { StateLog } from "./stateLog.js";
import { StateRecordingEnv } from "./stateRecordingEnv.js";
import {
  type EvaluationRecord,
  type ExpertRecord,
  type MediumRecord,
  TrainingDirectory,
  writeJson,
} from "./trainingDirectory.js";

export const MEDIUM_RULE = "the first evaluation whose mean return >= mediumReturn";

/** Begins the error sentences about a run. */
const RUN_NAME = "The training run";

export interface PolicyTrainingHooks {
  onProgress?: (p: LoopProgress) => void;
  /** Stop once the medium snapshot exists (the run can be resumed later for the expert). */
  untilMedium?: boolean;
  /** Checked after every env step; true stops the run there (resumable). */
  shouldStop?: () => boolean;
}

export interface PolicyTrainingOutcome {
  dir: TrainingDirectory;
  medium: MediumRecord | null;
  /** Set once the whole run has finished. */
  expert: ExpertRecord | null;
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
  return { dir, medium: dir.medium(), expert: dir.expert(), step };
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
  const latest = new CheckpointStore<LoopState>(join(root, CHECKPOINTS_DIR)).latest();
  const resumeStep = latest?.state.step ?? 0;
  if (dir.expert() || (hooks.untilMedium && dir.medium())) return done(dir, resumeStep);
  if (resumeStep >= settings.steps && dir.medium()) {
    chooseExpert(dir, settings.steps, RUN_NAME);
    return done(dir, resumeStep);
  }

  const opened: Env[] = [];
  let agent: SoftActorCritic | null = null;
  try {
    const env: Env = new RescaleAction(await makeEnv(settings.env));
    opened.push(env);
    const evalEnv: Env = new RescaleAction(await makeEnv(settings.env));
    opened.push(evalEnv);
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

    const policyInfo = (kind: "medium" | "expert", e: EvaluationRecord, rule: string) =>
      selectedPolicyInfo(settings.env, kind, settings.seed, e, rule);

    const takeMedium = (e: EvaluationRecord) => {
      mkdirSync(dirname(dir.mediumPolicy), { recursive: true });
      saveBehaviorPolicy(
        dir.mediumPolicy,
        trainedAgent,
        policyInfo("medium", e, `${MEDIUM_RULE} (${settings.mediumReturn})`),
      );
      saveReplayBuffer(dir.mediumReplay, buffer, { force: true });
      const nq = reader?.nq ?? 0;
      const nv = reader?.nv ?? 0;
      if (recording) {
        const rows = recording.log.head(e.step);
        writeFileAtomic(dir.mediumStates, new Uint8Array(rows.buffer, rows.byteOffset, rows.byteLength));
      }
      const record: MediumRecord = { ...e, mediumReturn: settings.mediumReturn, nq, nv };
      writeJson(dir.mediumRecordFile, record);
      if (recording) {
        recording.env.stop();
        recording.log.remove();
        recording = null;
      }
      if (hooks.untilMedium) stopNow = true;
    };

    const reportEvaluations = evaluationReporter(settings.evalEvery, (step) => {
      const e = evaluationAt(dir, step);
      if (!e) return;
      if (!dir.medium() && e.evalReturnMean >= settings.mediumReturn) takeMedium(e);
      keepIfBest(dir, e, (path) =>
        saveBehaviorPolicy(path, trainedAgent, policyInfo("expert", e, EXPERT_RULE)),
      );
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
        hooks.onProgress?.(p);
      },
      shouldStop: () => stopNow || (hooks.shouldStop?.() ?? false),
    });

    if (result.finished && !dir.expert()) chooseExpert(dir, settings.steps, RUN_NAME);
    if (result.finished && !dir.medium())
      throw new Error(
        `SAC on ${settings.env} never reached the medium threshold (mean evaluation return ${settings.mediumReturn.toFixed(1)}) in ${result.step} steps; its best was ${dir.best()?.evalReturnMean.toFixed(1)}.`,
      );
    return done(dir, result.step);
  } finally {
    agent?.dispose();
    for (const e of opened) e.close();
  }
}
