// Pieces of the soft Q-learning target shared by SAC, REDQ and RLPD:
//   y = r + gamma (1 - terminal) (min_{i in S} Q'_i(s', a') - alpha log pi(a'|s')),  a' ~ pi(.|s'),
// where S is a random subset of M of the N target critics (REDQ, Chen et al. 2021; RLPD) or all
// of them (SAC's clipped double Q). The entropy term is optional (RLPD's AntMaze setting).
import type { Rng } from "../engine/rng.js";

/** m distinct member indices out of n, drawn uniformly (partial Fisher-Yates); all n, in order, when m = n. */
export function sampleMembers(rng: Rng, n: number, m: number): number[] {
  if (!Number.isInteger(m) || m < 1 || m > n)
    throw new Error(`Cannot draw ${m} distinct critics out of ${n}.`);
  const all = Array.from({ length: n }, (_, i) => i);
  return m === n ? all : rng.sampleInPlace(all, m);
}

export interface SoftBackupInputs {
  reward: Float32Array;
  terminal: Float32Array;
  /** min over the drawn target critics of Q'(s', a'), one per transition. */
  nextQ: Float32Array;
  gamma: number;
  /** alpha; 0 or absent for a backup without the entropy term (TD3, RLPD on AntMaze). */
  entropyCoef?: number;
  /** log pi(a'|s'), one per transition; needed when entropyCoef is not 0. */
  nextLogProb?: Float32Array;
}

/** The soft Bellman target per transition. Time-outs have terminal 0, so they bootstrap. */
export function softBackup(x: SoftBackupInputs): Float32Array {
  const coef = x.entropyCoef ?? 0;
  const logProb = x.nextLogProb;
  if (coef !== 0 && !logProb)
    throw new Error("softBackup: an entropy term needs the log-probabilities of a'.");
  const y = new Float32Array(x.reward.length);
  for (let i = 0; i < y.length; i++) {
    const next = coef === 0 ? x.nextQ[i] : x.nextQ[i] - coef * logProb![i];
    y[i] = x.reward[i] + x.gamma * (1 - x.terminal[i]) * next;
  }
  return y;
}
