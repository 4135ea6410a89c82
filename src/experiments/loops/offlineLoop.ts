// The offline training loop: gradient steps on batches drawn from a dataset's transitions only;
// the env is used for evaluation alone. Every step is a clean boundary (there is no episode in
// progress), so checkpoints fall exactly on multiples of checkpointEvery and hold only the agent
// and the loop state (the dataset never changes and is read again on resume).
import { join } from "node:path";
import type { Agent } from "../../agents/types.js";
import { Rng } from "../../engine/rng.js";
import type { Env } from "../../envs/types.js";
import type { RunConfig } from "../job/runConfig.js";
import { checkAgentFitsEnv } from "./agentEnvCheck.js";
import { type EvalResult, evaluate } from "./evaluate.js";
import { eventLoopYielder } from "./eventLoopYielder.js";
import { LoopRecorder } from "./loopRecorder.js";
import { AGENT_FILE, type LoopProgress, type LoopResult, openRun, saveCheckpoint } from "./loopRun.js";
import { nextScheduledCheckpoint } from "./loopState.js";
import type { BatchSource } from "./mixedBatchSampler.js";

export interface OfflineLoopParts {
  config: RunConfig;
  agent: Agent;
  /** The dataset's transitions. */
  data: BatchSource;
  /** The evaluation env, acting in [-1, 1]^actDim. */
  evalEnv: Env;
  runDir: string;
  onProgress?: (p: LoopProgress) => void;
  /** Checked after every gradient step; true stops the loop there (as if the process were killed). */
  shouldStop?: () => boolean;
  /** Checked after every gradient step; true writes a checkpoint there and stops (nothing is lost). */
  stopAtCheckpoint?: () => boolean;
}

export async function runOfflineLoop(parts: OfflineLoopParts): Promise<LoopResult> {
  const { config, agent, data, evalEnv } = parts;
  checkAgentFitsEnv(agent, evalEnv);
  const run = openRun(parts.runDir, config, (dir) => agent.load(join(dir, AGENT_FILE)));
  const { state } = run;
  if (state.finished) return { finished: true, step: state.step };
  const rng = Rng.fromState(state.rng);
  const yieldNow = eventLoopYielder();
  const recorder = new LoopRecorder(state, run.metrics, evalEnv.id);
  const report = () =>
    parts.onProgress?.({
      step: state.step,
      total: config.steps,
      lastReturn: null,
      lastEvalReturn: state.lastEvalReturn,
    });

  report();
  while (state.step < config.steps) {
    recorder.losses(agent.update(data.sample(config.batchSize, rng)));
    state.step++;
    const last = state.step === config.steps;
    let evaluation: EvalResult | null = null;
    if (state.step % config.evalEvery === 0 || last)
      evaluation = evaluate(agent, evalEnv, {
        episodes: config.evalEpisodes,
        runSeed: config.seed,
        step: state.step,
      });
    if (evaluation || state.step % config.logEvery === 0 || last) recorder.writeLine(evaluation);
    const pausing = !last && (parts.stopAtCheckpoint?.() ?? false);
    if (last || pausing || state.step % config.checkpointEvery === 0) {
      state.rng = rng.state;
      state.finished = last;
      state.nextCheckpointStep = nextScheduledCheckpoint(state.step, config.checkpointEvery);
      recorder.syncClock();
      saveCheckpoint(run, (dir) => agent.save(join(dir, AGENT_FILE)));
    }
    if (evaluation || state.step % 100 === 0) report();
    if (pausing || (!last && parts.shouldStop?.())) return { finished: false, step: state.step };
    await yieldNow();
  }
  return { finished: true, step: state.step };
}
