// Evaluation: K episodes with the agent's deterministic action on a separate env. Episode seeds
// come from (run seed, step, episode index) alone, so an evaluation never draws from the training
// loop's generator and a resumed run evaluates on exactly the same episodes.
import type { Agent } from "../../agents/types.js";
import { Rng } from "../../engine/rng.js";
import type { Env } from "../../envs/types.js";
import { randomStreams } from "../../util/randomStreams.js";

export interface EvalResult {
  returns: number[];
  mean: number;
  std: number;
}

export function evaluationSeed(runSeed: number, step: number, episode: number): number {
  return new Rng(randomStreams.evaluationEpisode(runSeed, step, episode)).nextUint32();
}

export function evaluate(
  agent: Agent,
  env: Env,
  opts: { episodes: number; runSeed: number; step: number },
): EvalResult {
  if (!Number.isFinite(env.maxEpisodeSteps))
    throw new Error(`Evaluation on ${env.id} needs a time limit, or an episode might never end.`);
  const returns: number[] = [];
  for (let e = 0; e < opts.episodes; e++) {
    let { obs } = env.reset({ seed: evaluationSeed(opts.runSeed, opts.step, e) });
    let total = 0;
    for (;;) {
      const r = env.step(agent.act(obs, { deterministic: true }));
      total += r.reward;
      obs = r.obs;
      if (r.terminated || r.truncated) break;
    }
    returns.push(total);
  }
  return { returns, ...meanStd(returns) };
}

/** Mean and population standard deviation. */
export function meanStd(xs: readonly number[]): { mean: number; std: number } {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  return { mean, std: Math.sqrt(variance) };
}
