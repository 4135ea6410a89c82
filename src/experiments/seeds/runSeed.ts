// Runs (or resumes) one seed of a training job from its directory runs/<name>/seed-<s>: reads its
// config.json, builds the envs, the dataset's transitions, the agent and the replay buffer (or what
// the run's augmentation makes of them: augmentation/runAugmentation.ts), and hands them to the loop
// of the run's mode. The engine must be initialized (initEngine) by the caller.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { makeAgent } from "../../agents/makeAgent.js";
import type { Agent } from "../../agents/types.js";
import type { Dataset } from "../../data/dataset.js";
import { readDatasetFile } from "../../data/hdf5/readDatasetFile.js";
import { ReplayBuffer } from "../../data/replayBuffer.js";
import { transitionView } from "../../data/transitions.js";
import { Rng } from "../../engine/rng.js";
import { engine } from "../../engine/runtime.js";
import "../../envs/index.js";
import { makeEnv } from "../../envs/registry.js";
import type { Env } from "../../envs/types.js";
import { RescaleAction } from "../../envs/wrappers/rescaleAction.js";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { randomStreams } from "../../util/randomStreams.js";
import { takeRunLock } from "../../util/runLock.js";
import { offlineData, offlineHalf, onlineTrainingBuffer } from "../augmentation/runAugmentation.js";
import type { BufferUnits } from "../augmentation/runGeneratorSource.js";
import { checkDatasetFits } from "../job/datasetFits.js";
import { FixedObservationNormalizer } from "../job/fixedObservationNormalizer.js";
import {
  defaultPreprocessing,
  normalizeRows,
  type ObservationStatistics,
  observationStatistics,
  rewardTransform,
} from "../job/preprocessing.js";
import { parseSettings, type RunConfig, runConfigSchema } from "../job/runConfig.js";
import { recordOrCheckRunInputs } from "../job/runInputs.js";
import { CheckpointStore } from "../loops/checkpointStore.js";
import { CHECKPOINTS_DIR, type LoopProgress, type LoopResult } from "../loops/loopRun.js";
import { runOfflineLoop } from "../loops/offlineLoop.js";
import { runOnlineLoop } from "../loops/onlineLoop.js";
import type { TrainingBuffer } from "../loops/trainingBuffer.js";
import { recordEngineSession } from "./engineSessions.js";

export const CONFIG_FILE = "config.json";
/** Held by the process training the seed, so that two never write the same checkpoints. */
export const SEED_LOCK_FILE = "run.lock";
/** Written next to config.json when observations are normalized: what a deployed agent needs. */
export const NORMALIZATION_FILE = "observation-normalization.json";

export interface SeedHooks {
  onProgress?: (p: LoopProgress) => void;
  /** One line to show the user (default: stderr), e.g. that a resume runs on other engine kernels. */
  onWarning?: (message: string) => void;
  shouldStop?: () => boolean;
  /** A graceful stop: checkpoint at the next clean boundary (episode end), then return. */
  stopAtCheckpoint?: () => boolean;
}

export function readRunConfig(seedDir: string): RunConfig {
  const path = join(seedDir, CONFIG_FILE);
  if (!existsSync(path)) throw new Error(`The run directory ${seedDir} has no ${CONFIG_FILE}.`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (err) {
    throw new Error(`${path} is not valid JSON (${(err as Error).message}).`);
  }
  return parseSettings(runConfigSchema, raw, (key) => `"${key}" in ${path}`);
}

async function makeActingEnv(config: RunConfig, stats: ObservationStatistics | null): Promise<Env> {
  const env: Env = new RescaleAction(await makeEnv(config.env, { maxEpisodeSteps: config.maxEpisodeSteps }));
  return stats ? new FixedObservationNormalizer(env, stats) : env;
}

/** The dataset's transitions, preprocessed, in a buffer to sample from. */
function datasetBuffer(
  dataset: Dataset,
  stats: ObservationStatistics | null,
  reward: { scale: number; shift: number },
): ReplayBuffer {
  const view = transitionView(dataset);
  const buffer = new ReplayBuffer(view.count, view.obsDim, view.actDim);
  const rewards = view.rewards.map((r) => r * reward.scale + reward.shift);
  buffer.storeBatch({
    obs: stats ? normalizeRows(view.obs, stats) : view.obs,
    action: view.actions,
    reward: rewards,
    nextObs: stats ? normalizeRows(view.nextObs, stats) : view.nextObs,
    terminal: view.terminals,
    truncated: view.truncations,
  });
  return buffer;
}

export async function runSeed(seedDir: string, hooks: SeedHooks = {}): Promise<LoopResult> {
  const config = readRunConfig(seedDir);
  const release = takeRunLock(join(seedDir, SEED_LOCK_FILE), `The run ${seedDir}`);
  try {
    const resuming = new CheckpointStore(join(seedDir, CHECKPOINTS_DIR)).latest() !== null;
    recordOrCheckRunInputs(seedDir, config, resuming);
    const warning = recordEngineSession(seedDir, engine().description, resuming);
    if (warning !== null) (hooks.onWarning ?? console.warn)(warning);
    return await runLockedSeed(seedDir, config, hooks);
  } finally {
    release();
  }
}

async function runLockedSeed(seedDir: string, config: RunConfig, hooks: SeedHooks): Promise<LoopResult> {
  const pre = config.preprocessing ?? defaultPreprocessing(config.agent, config.env);
  const dataset = config.dataset ? (await readDatasetFile(config.dataset)).dataset : null;
  if (pre.normalizeObservations && !dataset)
    throw new Error(`Observation normalization needs a dataset; ${join(seedDir, CONFIG_FILE)} names none.`);
  const stats = pre.normalizeObservations && dataset ? observationStatistics(dataset) : null;
  if (stats)
    writeFileAtomic(
      join(seedDir, NORMALIZATION_FILE),
      `${JSON.stringify({ mean: Array.from(stats.mean), scale: Array.from(stats.scale) })}\n`,
    );
  const reward = rewardTransform(pre, dataset);
  const opened: Env[] = [];
  let agent: Agent | null = null;
  let buffer: TrainingBuffer | null = null;
  try {
    const evalEnv = await makeActingEnv(config, stats);
    opened.push(evalEnv);
    const obsDim = evalEnv.observationSpace.low.length;
    const actDim = evalEnv.actionSpace.low.length;
    if (dataset)
      checkDatasetFits(config.dataset!, dataset, evalEnv.id, {
        obsDim,
        actDim,
        actionLow: evalEnv.actionSpace.low,
        actionHigh: evalEnv.actionSpace.high,
      });
    agent = makeAgent(config.agent, { obsDim, actDim, seed: config.seed, settings: config.agentSettings });
    const offline = dataset ? datasetBuffer(dataset, stats, reward) : null;
    const common = { config, agent, evalEnv, runDir: seedDir, ...hooks };
    const units: BufferUnits = {
      observation: stats ? { mean: Array.from(stats.mean), scale: Array.from(stats.scale) } : null,
      reward,
    };
    if (config.mode === "offline") {
      const data = offlineData(config, offline!, { seedDir, units, view: transitionView(dataset!) });
      return await runOfflineLoop({ ...common, data });
    }
    const env = await makeActingEnv(config, stats);
    opened.push(env);
    const probe =
      config.augment === "atradiff" && config.augmentSettings.atradiff.expectedLength === null
        ? await probeStates(config, stats, offline)
        : new Float32Array(0);
    const real = new ReplayBuffer(config.bufferCapacity ?? config.steps, obsDim, actDim);
    buffer = onlineTrainingBuffer(config, real, { seedDir, units, probeStates: () => probe });
    return await runOnlineLoop({
      ...common,
      env,
      buffer,
      offline: offline ? offlineHalf(config, offline) : undefined,
      rewardTransform: reward,
    });
  } finally {
    buffer?.close?.();
    agent?.dispose();
    for (const env of opened) env.close();
  }
}

/**
 * The start states ATraDiff's L is measured from (method.md §4, "measured beforehand"): states of
 * the dataset when the run has one, else states of uniformly random episodes in the env (what the
 * agent visits first). Buffer units.
 */
async function probeStates(
  config: RunConfig,
  stats: ObservationStatistics | null,
  data: ReplayBuffer | null,
): Promise<Float32Array> {
  const n = config.augmentSettings.atradiff.lengthProbeStates;
  const rng = new Rng(randomStreams.probeStates(config.seed));
  if (data) {
    const o = data.obsDim;
    const out = new Float32Array(n * o);
    for (let i = 0; i < n; i++) {
      const row = rng.int(data.size);
      out.set(data.obs.subarray(row * o, row * o + o), i * o);
    }
    return out;
  }
  const env = await makeActingEnv(config, stats);
  try {
    const o = env.observationSpace.low.length;
    const a = env.actionSpace.low.length;
    const out = new Float32Array(n * o);
    let obs = env.reset({ seed: rng.nextUint32() }).obs;
    for (let i = 0; i < n; i++) {
      out.set(obs, i * o);
      const r = env.step(Array.from({ length: a }, () => rng.uniformIn(-1, 1)));
      obs = r.terminated || r.truncated ? env.reset({ seed: rng.nextUint32() }).obs : r.obs;
    }
    return out;
  } finally {
    env.close();
  }
}
