// The score a behavior policy's DATA would have: whole episodes rolled out the way `dataset build`
// collects (actions sampled from the policy, not its deterministic mean), their mean return and its
// D4RL-normalized score. This, not the deterministic evaluation, is what D4RL's tables report for a
// dataset, and sampled actions score lower than the mean action (walker2d by far the most), so the
// snapshots of a behavior-policy run are chosen by it (policyTraining.ts).
//
// Episodes are complete (a dataset's last, cut episode is not counted either). Randomness: episode
// reset seeds and action noise come from two streams split off Rng(randomStreams.dataScore(seed)),
// so a score is a function of the policy and the seed alone, and never draws from a training run's
// generators.
import { type D4rlFamily, d4rlNormalizedScore } from "../data/d4rlScores.js";
import { Rng } from "../engine/rng.js";
import type { Env } from "../envs/types.js";
import { meanStd } from "../experiments/loops/evaluate.js";
import { randomStreams } from "../util/randomStreams.js";
import type { BehaviorPolicy } from "./behaviorPolicy.js";

export interface DataScore {
  episodes: number;
  returnMean: number;
  returnStd: number;
  /** D4RL-normalized score of returnMean. */
  score: number;
  /** Env steps rolled out (the cost of the estimate). */
  steps: number;
}

/** Returns of `episodes` whole episodes of sampled actions; `seed` (numbers) picks the episodes. */
export function sampledEpisodeReturns(
  policy: BehaviorPolicy,
  env: Env,
  episodes: number,
  seed: readonly number[],
): { returns: number[]; steps: number } {
  if (!Number.isFinite(env.maxEpisodeSteps))
    throw new Error(`Scoring a policy on ${env.id} needs a time limit, or an episode might never end.`);
  const root = new Rng(randomStreams.dataScore(seed));
  const resetRng = root.split();
  const actionRng = root.split();
  const returns: number[] = [];
  let steps = 0;
  for (let e = 0; e < episodes; e++) {
    let { obs } = env.reset({ seed: resetRng.nextUint32() });
    let total = 0;
    for (;;) {
      const r = env.step(policy.act(obs, actionRng));
      total += r.reward;
      steps++;
      obs = r.obs;
      if (r.terminated || r.truncated) break;
    }
    returns.push(total);
  }
  return { returns, steps };
}

/** The data score of `returns` (at least one) for a D4RL family. */
export function dataScoreOf(family: D4rlFamily, returns: readonly number[], steps: number): DataScore {
  const { mean, std } = meanStd(returns);
  return {
    episodes: returns.length,
    returnMean: mean,
    returnStd: std,
    score: d4rlNormalizedScore(family, mean),
    steps,
  };
}
