// The filled rows of a replay buffer as SynthER's transitions (baselines/synther/transitionRows.ts).
import type { SyntherTransitions } from "../../baselines/synther/transitionRows.js";
import type { ReplayBuffer } from "../../data/replayBuffer.js";

export function replayTransitions(b: ReplayBuffer): SyntherTransitions {
  const n = b.size;
  return {
    count: n,
    obsDim: b.obsDim,
    actDim: b.actDim,
    obs: b.obs.subarray(0, n * b.obsDim),
    actions: b.action.subarray(0, n * b.actDim),
    rewards: b.reward.subarray(0, n),
    nextObs: b.nextObs.subarray(0, n * b.obsDim),
    terminals: b.terminal.subarray(0, n),
  };
}
