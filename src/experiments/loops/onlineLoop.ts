// The online training loop (modes online and offline-to-online). Per env step: act (uniform random
// actions for the first randomStartSteps, then the agent's exploration), store the transition
// (terminal = the MDP ended; a time-out is stored as not terminal so its value is bootstrapped),
// then updatesPerStep gradient steps with updateActor on the last, then the buffer's periodic work
// (trainingBuffer.ts: ATraDiff's adaptation, SynthER's retraining; none after the last step). With
// offline data every batch is half dataset, half online buffer (RLPD). Evaluation every evalEvery
// steps on a separate env.
//
// Exact resumption: each episode starts with reset({seed}) drawn from the loop's generator, and
// checkpoints are written only between episodes (at the first boundary after each multiple of
// checkpointEvery), so the env's state there is fully determined by the checkpointed state.
import { join } from "node:path";
import type { Agent } from "../../agents/types.js";
import type { ReplayBuffer } from "../../data/replayBuffer.js";
import { Rng } from "../../engine/rng.js";
import type { Env } from "../../envs/types.js";
import type { RunConfig } from "../job/runConfig.js";
import { checkAgentFitsEnv } from "./agentEnvCheck.js";
import { type EvalResult, evaluate } from "./evaluate.js";
import { eventLoopYielder } from "./eventLoopYielder.js";
import { LoopRecorder } from "./loopRecorder.js";
import { AGENT_FILE, type LoopProgress, type LoopResult, openRun, saveCheckpoint } from "./loopRun.js";
import { nextScheduledCheckpoint } from "./loopState.js";
import { type BatchSource, MixedBatchSampler } from "./mixedBatchSampler.js";
import { asTrainingBuffer, type TrainingBuffer } from "./trainingBuffer.js";

export interface OnlineLoopParts {
  config: RunConfig;
  agent: Agent;
  /** The training env, acting in [-1, 1]^actDim (RescaleAction applied). */
  env: Env;
  /** A separate env for evaluation, same id and wrappers. */
  evalEnv: Env;
  /** The online replay buffer (plain, or augmented: trainingBuffer.ts); saved in every checkpoint. */
  buffer: ReplayBuffer | TrainingBuffer;
  /** offline-to-online: the dataset's transitions (not checkpointed: they never change). */
  offline?: BatchSource;
  /** Stored rewards are r * scale + shift (preprocessing.ts); returns use the env's r. Default 1, 0. */
  rewardTransform?: { scale: number; shift: number };
  /** runs/<name>/seed-<s>: metrics.jsonl and checkpoints/ go there. */
  runDir: string;
  onProgress?: (p: LoopProgress) => void;
  /** Checked after every env step; true stops the loop there (as if the process were killed). */
  shouldStop?: () => boolean;
  /**
   * Checked at every episode end; true writes a checkpoint there and stops (a graceful stop: no
   * step is lost, and the resumed run still ends bit-identical to an uninterrupted one).
   */
  stopAtCheckpoint?: () => boolean;
}

export async function runOnlineLoop(parts: OnlineLoopParts): Promise<LoopResult> {
  const { config, agent, env, evalEnv } = parts;
  const buffer = asTrainingBuffer(parts.buffer);
  checkAgentFitsEnv(agent, env);
  checkAgentFitsEnv(agent, evalEnv);
  const run = openRun(parts.runDir, config, (dir) => {
    agent.load(join(dir, AGENT_FILE));
    buffer.restore(dir);
  });
  const { state } = run;
  if (state.finished) return { finished: true, step: state.step };
  const rng = Rng.fromState(state.rng);
  const yieldNow = eventLoopYielder();
  const recorder = new LoopRecorder(state, run.metrics, env.id);
  const sampler: BatchSource = parts.offline ? new MixedBatchSampler(parts.offline, buffer) : buffer;
  const { scale, shift } = parts.rewardTransform ?? { scale: 1, shift: 0 };
  const actDim = agent.actDim;
  const updates = agent.updatesPerStep;
  const report = () =>
    parts.onProgress?.({
      step: state.step,
      total: config.steps,
      lastReturn: state.lastEpisodeReturn,
      lastEvalReturn: state.lastEvalReturn,
    });

  let obs: Float64Array | null = null;
  let episodeReturn = 0;
  report();
  while (state.step < config.steps) {
    if (obs === null) {
      obs = env.reset({ seed: rng.nextUint32() }).obs;
      episodeReturn = 0;
    }
    const action =
      state.step < config.randomStartSteps
        ? uniformAction(rng, actDim)
        : agent.act(obs, { deterministic: false });
    const r = env.step(action);
    buffer.store({
      obs,
      action,
      reward: r.reward * scale + shift,
      nextObs: r.obs,
      terminal: r.terminated,
      truncated: r.truncated,
    });
    state.step++;
    episodeReturn += r.reward;
    obs = r.obs;

    // Updates start with the last random-start transition stored.
    if (state.step >= config.randomStartSteps)
      for (let u = 0; u < updates; u++)
        recorder.losses(
          agent.update(sampler.sample(config.batchSize, rng), { updateActor: u === updates - 1 }),
        );
    const last = state.step === config.steps;
    // After the last step no retraining or adaptation could reach the agent any more.
    if (!last) buffer.afterStep?.(state.step, agent);

    const episodeEnded = r.terminated || r.truncated;
    if (episodeEnded) {
      recorder.episodeFinished(episodeReturn);
      obs = null;
    }
    let evaluation: EvalResult | null = null;
    if (state.step % config.evalEvery === 0 || last)
      evaluation = evaluate(agent, evalEnv, {
        episodes: config.evalEpisodes,
        runSeed: config.seed,
        step: state.step,
      });
    if (evaluation || state.step % config.logEvery === 0 || last)
      recorder.writeLine(evaluation, buffer.metrics?.());
    const pausing = !last && episodeEnded && (parts.stopAtCheckpoint?.() ?? false);
    if (last || pausing || (episodeEnded && state.step >= state.nextCheckpointStep)) {
      state.rng = rng.state;
      state.finished = last;
      state.nextCheckpointStep = nextScheduledCheckpoint(state.step, config.checkpointEvery);
      recorder.syncClock();
      saveCheckpoint(run, (dir) => {
        agent.save(join(dir, AGENT_FILE));
        buffer.save(dir);
      });
    }
    if (episodeEnded || evaluation || state.step % 100 === 0) report();
    if (pausing || (!last && parts.shouldStop?.())) return { finished: false, step: state.step };
    await yieldNow();
  }
  return { finished: true, step: state.step };
}

function uniformAction(rng: Rng, actDim: number): Float32Array {
  const a = new Float32Array(actDim);
  for (let i = 0; i < actDim; i++) a[i] = rng.uniformIn(-1, 1);
  return a;
}
