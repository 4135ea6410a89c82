// A batch of transitions, column-wise (../DESIGN.md "Replay buffer"): row i of each column is one
// transition (s, a, r, s', terminal). terminal = 1 only when the MDP ended; a time-out is 0, so
// its value is bootstrapped.
export interface Batch {
  size: number;
  obsDim: number;
  actDim: number;
  /** size x obsDim */
  obs: Float32Array;
  /** size x actDim */
  action: Float32Array;
  /** size */
  reward: Float32Array;
  /** size x obsDim */
  nextObs: Float32Array;
  /** size, 1 = terminated (do not bootstrap), 0 otherwise */
  terminal: Float32Array;
}

export function allocBatch(size: number, obsDim: number, actDim: number): Batch {
  return {
    size,
    obsDim,
    actDim,
    obs: new Float32Array(size * obsDim),
    action: new Float32Array(size * actDim),
    reward: new Float32Array(size),
    nextObs: new Float32Array(size * obsDim),
    terminal: new Float32Array(size),
  };
}
