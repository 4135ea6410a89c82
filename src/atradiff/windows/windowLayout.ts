// Where each value sits in a flattened trajectory window (ATraDiff §4.1, state-level variant: each
// step is the vector [s, a, r], here followed by a terminal channel when terminals are modelled).
//
// A window of length k holds k steps and then one more state:
//   [s_1, a_1, r_1, d_1,  s_2, a_2, r_2, d_2,  ...,  s_k, a_k, r_k, d_k,  s_{k+1}]
// The extra state s_{k+1} is the next state of the k-th step, so every step the pruner keeps is a
// whole transition (s_j, a_j, r_j, s_{j+1}, d_j), including the last one (the paper's windows stop
// at s_k, which leaves the last step without a next state).

export interface WindowLayout {
  obsDim: number;
  actDim: number;
  /** Each step carries a terminal channel d_j (0 or 1 in the data). */
  modelTerminals: boolean;
}

export function checkWindowLayout(layout: WindowLayout): void {
  for (const [name, v] of [
    ["observation size", layout.obsDim],
    ["action size", layout.actDim],
  ] as const)
    if (!Number.isInteger(v) || v < 1)
      throw new Error(`A trajectory window's ${name} must be a positive integer, got ${v}.`);
}

/** Values per step: s, a, r and (when modelled) d. */
export function stepWidth(layout: WindowLayout): number {
  return layout.obsDim + layout.actDim + 1 + (layout.modelTerminals ? 1 : 0);
}

/** Values in a window of k steps (k steps and the state after them). */
export function windowWidth(layout: WindowLayout, k: number): number {
  return k * stepWidth(layout) + layout.obsDim;
}

/** Offset of state j (0-based, 0..k) in a window row. */
export function stateOffset(layout: WindowLayout, j: number): number {
  return j * stepWidth(layout);
}

export function actionOffset(layout: WindowLayout, j: number): number {
  return j * stepWidth(layout) + layout.obsDim;
}

export function rewardOffset(layout: WindowLayout, j: number): number {
  return j * stepWidth(layout) + layout.obsDim + layout.actDim;
}

/** Offset of step j's terminal channel; only meaningful when terminals are modelled. */
export function terminalOffset(layout: WindowLayout, j: number): number {
  return j * stepWidth(layout) + layout.obsDim + layout.actDim + 1;
}

/** The columns of the first state s_1 (the ones held at the start state while sampling). */
export function firstStateColumns(layout: WindowLayout): number[] {
  return Array.from({ length: layout.obsDim }, (_, i) => i);
}

/** The terminal channels of a window of k steps (left unnormalized). */
export function terminalColumns(layout: WindowLayout, k: number): number[] {
  if (!layout.modelTerminals) return [];
  return Array.from({ length: k }, (_, j) => terminalOffset(layout, j));
}

/** The k + 1 states of a window row, gathered into one (k + 1) x obsDim array. */
export function windowStates(
  layout: WindowLayout,
  k: number,
  row: ArrayLike<number>,
  rowStart = 0,
): Float32Array {
  const o = layout.obsDim;
  const out = new Float32Array((k + 1) * o);
  for (let j = 0; j <= k; j++) {
    const from = rowStart + stateOffset(layout, j);
    for (let i = 0; i < o; i++) out[j * o + i] = row[from + i];
  }
  return out;
}
