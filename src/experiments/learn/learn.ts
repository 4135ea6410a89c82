// One call for the common job, in the spirit of Stable-Baselines3's `SAC("MlpPolicy", env).learn(n)`:
// train an agent on an env (with ATraDiff, SynthER or S4RL augmentation, or none) and get back a
// TrainedAgent that acts, saves and loads.
//
// It is `atradiff train` with one seed, run in this process: the same settings (runConfig.ts and
// augmentConfig.ts; a bad one fails with the same one-sentence error, naming it by its key),
// completed and checked the same way (trainingJobSettings.ts), written into a run directory
// (jobDirectory.ts) and trained by the same seed runner and loops (runSeed.ts, onlineLoop.ts,
// offlineLoop.ts). So a learn() and an `atradiff train` with the same settings and seed train the
// same agent bit for bit, and a run directory kept by learn() continues with `atradiff resume`.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { z } from "zod";
import { loadAgent } from "../../agents/makeAgent.js";
import { engine } from "../../engine/runtime.js";
import { makeEnv } from "../../envs/registry.js";
import { type RunConfig, randomStartWarning, type runSettingsSchema } from "../job/runConfig.js";
import { trainingJobSettings } from "../job/trainingJobSettings.js";
import { CheckpointStore } from "../loops/checkpointStore.js";
import { AGENT_FILE, CHECKPOINTS_DIR, type LoopProgress, METRICS_FILE } from "../loops/loopRun.js";
import type { LoopState } from "../loops/loopState.js";
import { type EvalPoint, readMetricsFile } from "../report/runSeries.js";
import { createJob } from "../seeds/jobDirectory.js";
import { NORMALIZATION_FILE, readRunConfig, runSeed } from "../seeds/runSeed.js";
import { TrainedAgent } from "./trainedAgent.js";

/**
 * A run's settings as `atradiff train --config` takes them (runConfig.ts: agent, env, steps, mode,
 * dataset, augment, generator, agentSettings, augmentSettings, ...), with one seed (default 0).
 */
export type LearnSettings = z.input<typeof runSettingsSchema> & { seed?: number };

export interface LearnOptions {
  /**
   * Keep the run here (runs/<name>: config.json, seed-<s>/metrics.jsonl, checkpoints), to report on
   * or resume. Default: a temporary directory, removed when learn returns.
   */
  runDir?: string;
  /** Replace an existing run in runDir (only one that atradiff made). */
  force?: boolean;
  onProgress?: (p: LoopProgress) => void;
  /** One line for the user, e.g. that steps end within the random start (default: console.warn). */
  onWarning?: (message: string) => void;
}

export interface LearnResult {
  /** The agent at the end of training. */
  agent: TrainedAgent;
  /** Its evaluations during training (every evalEvery steps and at the end). */
  evaluations: EvalPoint[];
}

/** Names a setting of learn() in messages: "evalEvery" (the job's "seeds.0" is learn's "seed"). */
function settingName(key: string): string {
  return key.startsWith("seeds") ? '"seed"' : `"${key}"`;
}

/** Trains one agent as `atradiff train` would with one seed. Needs the engine (initEngine). */
export async function learn(settings: LearnSettings, opts: LearnOptions = {}): Promise<LearnResult> {
  engine(); // throws "The atradiff engine is not initialized: call `await initEngine()` first."
  const { seed = 0, ...run } = settings;
  const config = await trainingJobSettings({ ...run, seeds: [seed] }, settingName);
  const warning = randomStartWarning(config, settingName);
  if (warning !== null) (opts.onWarning ?? console.warn)(warning);
  const scratch = opts.runDir === undefined ? mkdtempSync(join(tmpdir(), "atradiff-learn-")) : null;
  const jobDir = opts.runDir ?? join(scratch!, "run");
  try {
    const [job] = createJob(jobDir, config, { force: opts.force });
    await runSeed(job.dir, { onProgress: opts.onProgress, onWarning: opts.onWarning });
    return {
      agent: await finalAgent(job.dir),
      evaluations: readMetricsFile(join(job.dir, METRICS_FILE)).points,
    };
  } finally {
    if (scratch !== null) rmSync(scratch, { recursive: true, force: true });
  }
}

/** The agent of a finished seed directory, with what predict needs from its run. */
async function finalAgent(seedDir: string): Promise<TrainedAgent> {
  const latest = new CheckpointStore<LoopState>(join(seedDir, CHECKPOINTS_DIR)).latest();
  if (latest === null || !latest.state.finished)
    throw new Error(`The run in ${seedDir} did not finish, so there is no trained agent to return.`);
  const config: RunConfig = readRunConfig(seedDir);
  const env = await makeEnv(config.env);
  const { low, high } = env.actionSpace;
  env.close();
  const normalizationFile = join(seedDir, NORMALIZATION_FILE);
  const normalization = existsSync(normalizationFile)
    ? (JSON.parse(readFileSync(normalizationFile, "utf8")) as { mean: number[]; scale: number[] })
    : null;
  const agent = loadAgent(join(latest.dir, AGENT_FILE));
  try {
    return new TrainedAgent(agent, {
      env: config.env,
      actionLow: low,
      actionHigh: high,
      observationNormalization: normalization && {
        mean: Float64Array.from(normalization.mean),
        scale: Float64Array.from(normalization.scale),
      },
      settings: config,
    });
  } catch (err) {
    agent.dispose();
    throw err;
  }
}

/** A trained agent saved with TrainedAgent.save. Needs the engine (initEngine). */
export function loadTrainedAgent(dir: string): TrainedAgent {
  return TrainedAgent.load(dir);
}
