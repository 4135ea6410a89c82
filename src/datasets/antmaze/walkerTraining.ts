// Trains (or resumes) the SAC run that yields the AntMaze collector's walking policy, with the
// project's online loop (checkpoints, bit-identical resume) on the walking task (antWalkingEnv.ts).
// Its directory, <data dir>/policy-training/antwalk-to-goal-sac-seed<S>/, has the layout of the
// locomotion runs (trainingDirectory.ts) without the medium snapshot:
//   training.json, metrics.jsonl, checkpoints/, run.lock
//   expert/best-policy.safetensors, expert/best.json   the best evaluation so far (the policy)
//   expert/expert.json                                  written when the run has finished
// A resumed run keeps the settings it was started with (training.json); settings passed for an
// existing run must equal them.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { SoftActorCritic } from "../../agents/softActorCritic.js";
import { dataDirectory } from "../../data/dataDirectory.js";
import { ReplayBuffer } from "../../data/replayBuffer.js";
import { loadMujoco } from "../../envs/mujoco/mujocoModule.js";
import type { Env } from "../../envs/types.js";
import { TimeLimit } from "../../envs/wrappers/timeLimit.js";
import { CheckpointStore } from "../../experiments/loops/checkpointStore.js";
import { CHECKPOINTS_DIR, type LoopProgress } from "../../experiments/loops/loopRun.js";
import type { LoopState } from "../../experiments/loops/loopState.js";
import { runOnlineLoop } from "../../experiments/loops/onlineLoop.js";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { takeRunLock } from "../../util/runLock.js";
import {
  chooseExpert,
  EXPERT_RULE,
  evaluationAt,
  evaluationReporter,
  keepIfBest,
  selectedPolicyInfo,
} from "../runEvaluations.js";
import { sacAgentFor, sacLoopConfig } from "../sacPolicyRun.js";
import { type EvaluationRecord, TrainingDirectory, trainingDirectoryName } from "../trainingDirectory.js";
import { ANT_WALKING_ENV_ID, AntWalkingEnv } from "./antWalkingEnv.js";
import {
  parseWalkerTrainingSettings,
  WALKER_TRAINING_SETTINGS,
  type WalkerTrainingSettings,
  type WalkerTrainingSettingsInput,
} from "./walkerTrainingSettings.js";
import { saveWalkingPolicy } from "./walkingPolicyFile.js";

/** Begins the error sentences about a run. */
const RUN_NAME = "The walking-policy run";

/** The behavior-policy kind recorded in the walking policy's file. */
export const WALKER_POLICY_KIND = "walker";

/** <data dir>/policy-training/antwalk-to-goal-sac-seed<S> */
export function walkerTrainingDirectory(seed = 0, processEnv = process.env): string {
  return join(dataDirectory(processEnv), "policy-training", trainingDirectoryName(ANT_WALKING_ENV_ID, seed));
}

export interface WalkerTrainingHooks {
  onProgress?: (p: LoopProgress) => void;
  /** Stop at the first checkpoint this session writes at or after this env step (resumable from there). */
  stopAfter?: number;
}

export interface WalkerTrainingOutcome {
  dir: TrainingDirectory;
  settings: WalkerTrainingSettings;
  /** The run did all its steps (expert/expert.json exists). */
  finished: boolean;
  /** Env steps done so far. */
  step: number;
  /** The best evaluation so far, whose actor is dir.bestPolicy. */
  best: EvaluationRecord | null;
}

/** The run's settings: those it was started with, or `input` (defaults filled in) for a new run. */
function pinnedSettings(
  dir: TrainingDirectory,
  input: WalkerTrainingSettingsInput | undefined,
): WalkerTrainingSettings {
  const requested = input === undefined ? null : parseWalkerTrainingSettings(input);
  if (!existsSync(dir.settingsFile)) {
    const settings = requested ?? parseWalkerTrainingSettings({});
    writeFileAtomic(dir.settingsFile, `${JSON.stringify(settings, null, 2)}\n`);
    return settings;
  }
  const pinned = parseWalkerTrainingSettings(JSON.parse(readFileSync(dir.settingsFile, "utf8")));
  if (requested && JSON.stringify(requested) !== JSON.stringify(pinned))
    throw new Error(
      `${RUN_NAME} ${dir.root} was started with other settings (see ${dir.settingsFile}); resume it without settings, or remove the directory to start over.`,
    );
  return pinned;
}

export async function trainWalkingPolicy(
  root: string,
  input?: WalkerTrainingSettingsInput,
  hooks: WalkerTrainingHooks = {},
): Promise<WalkerTrainingOutcome> {
  mkdirSync(root, { recursive: true });
  const dir = new TrainingDirectory(root);
  const release = takeRunLock(join(root, "run.lock"), `${RUN_NAME} ${root}`);
  try {
    return await train(dir, pinnedSettings(dir, input), hooks);
  } finally {
    release();
  }
}

async function walkingEnv(s: WalkerTrainingSettings): Promise<Env> {
  return new TimeLimit(new AntWalkingEnv(await loadMujoco(), s.task), s.episodeSteps);
}

async function train(
  dir: TrainingDirectory,
  settings: WalkerTrainingSettings,
  hooks: WalkerTrainingHooks,
): Promise<WalkerTrainingOutcome> {
  const checkpoints = new CheckpointStore<LoopState>(join(dir.root, CHECKPOINTS_DIR));
  const outcome = (step: number): WalkerTrainingOutcome => ({
    dir,
    settings,
    finished: dir.expert() !== null,
    step,
    best: dir.best(),
  });
  if (dir.expert()) return outcome(settings.steps);
  const startStep = checkpoints.latest()?.state.step ?? 0;
  const opened: Env[] = [];
  let agent: SoftActorCritic | null = null;
  try {
    const env = await walkingEnv(settings);
    opened.push(env);
    const evalEnv = await walkingEnv(settings);
    opened.push(evalEnv);
    agent = sacAgentFor(env, settings);
    const trained = agent;
    const buffer = new ReplayBuffer(settings.steps, agent.obsDim, agent.actDim);
    let stopNow = false;

    const policyInfo = (e: EvaluationRecord) =>
      selectedPolicyInfo(ANT_WALKING_ENV_ID, WALKER_POLICY_KIND, settings.seed, e, EXPERT_RULE);
    const reportEvaluations = evaluationReporter(settings.evalEvery, (step) => {
      const e = evaluationAt(dir, step);
      if (e) keepIfBest(dir, e, (path) => saveWalkingPolicy(path, trained, policyInfo(e), settings.task));
    });

    const result = await runOnlineLoop({
      config: sacLoopConfig(ANT_WALKING_ENV_ID, settings, WALKER_TRAINING_SETTINGS, {
        maxEpisodeSteps: settings.episodeSteps,
      }),
      agent,
      env,
      evalEnv,
      buffer,
      runDir: dir.root,
      onProgress: (p) => {
        reportEvaluations(p);
        // Reports follow the checkpoint written at an episode's end, so this sees it.
        if (hooks.stopAfter !== undefined && p.step >= hooks.stopAfter && p.step < p.total) {
          const saved = checkpoints.latest()?.state.step ?? 0;
          stopNow = saved >= hooks.stopAfter && saved > startStep;
        }
        hooks.onProgress?.(p);
      },
      shouldStop: () => stopNow,
    });

    if (result.finished && !dir.expert()) chooseExpert(dir, result.step, RUN_NAME);
    return outcome(result.step);
  } finally {
    agent?.dispose();
    for (const e of opened) e.close();
  }
}
