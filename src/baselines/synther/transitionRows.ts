// SynthER's data layout: one row [s, a, r, s', terminal] per transition (make_inputs), and back to
// the columns of a Batch (split_diffusion_samples, terminals thresholded).
import type { Batch } from "../../data/batch.js";
import type { TransitionView } from "../../data/transitions.js";

/** The transitions SynthER learns from (a dataset's TransitionView, or any columns like it). */
export type SyntherTransitions = Pick<
  TransitionView,
  "count" | "obsDim" | "actDim" | "obs" | "actions" | "rewards" | "nextObs" | "terminals"
> & {
  /** Rows whose s' is a stand-in copy of s (data/transitions.ts); they are left out. */
  placeholderNextObs?: Uint8Array | null;
};

/** A Batch as SynthER transitions. */
export function batchAsTransitions(b: Batch): SyntherTransitions {
  return {
    count: b.size,
    obsDim: b.obsDim,
    actDim: b.actDim,
    obs: b.obs,
    actions: b.action,
    rewards: b.reward,
    nextObs: b.nextObs,
    terminals: b.terminal,
  };
}

export function rowWidth(obsDim: number, actDim: number, modelTerminals: boolean): number {
  return 2 * obsDim + actDim + 1 + (modelTerminals ? 1 : 0);
}

function checkColumns(t: SyntherTransitions): void {
  const { count, obsDim, actDim } = t;
  const expect = (name: string, arr: ArrayLike<number> | null | undefined, per: number) => {
    if (!arr || arr.length !== count * per)
      throw new Error(
        `SynthER: the transitions' ${name} should hold ${count} x ${per} values, got ${arr ? arr.length : "none"}.`,
      );
  };
  if (!Number.isInteger(count) || count < 1)
    throw new Error(`SynthER needs at least one transition, got ${count}.`);
  expect("observations", t.obs, obsDim);
  expect("actions", t.actions, actDim);
  expect("rewards", t.rewards, 1);
  expect("next observations", t.nextObs, obsDim);
  expect("terminals", t.terminals, 1);
  if (t.placeholderNextObs) expect("placeholder flags", t.placeholderNextObs, 1);
}

/** The rows (count x width) of the transitions that have a real s'. */
export function transitionsToRows(
  t: SyntherTransitions,
  modelTerminals: boolean,
): { rows: Float32Array; count: number } {
  checkColumns(t);
  const { obsDim: o, actDim: a } = t;
  const w = rowWidth(o, a, modelTerminals);
  let count = 0;
  for (let i = 0; i < t.count; i++) if (!t.placeholderNextObs?.[i]) count++;
  const rows = new Float32Array(count * w);
  let r = 0;
  for (let i = 0; i < t.count; i++) {
    if (t.placeholderNextObs?.[i]) continue;
    const base = r * w;
    rows.set(t.obs.subarray(i * o, i * o + o), base);
    rows.set(t.actions.subarray(i * a, i * a + a), base + o);
    rows[base + o + a] = t.rewards[i];
    rows.set(t.nextObs.subarray(i * o, i * o + o), base + o + a + 1);
    if (modelTerminals) rows[base + w - 1] = t.terminals[i];
    r++;
  }
  return { rows, count };
}

/** Generated rows as a Batch; terminal = 1 where the terminal column exceeds the threshold. */
export function rowsToBatch(
  rows: Float32Array,
  obsDim: number,
  actDim: number,
  modelTerminals: boolean,
  terminalThreshold: number,
): Batch {
  const w = rowWidth(obsDim, actDim, modelTerminals);
  const size = rows.length / w;
  const b: Batch = {
    size,
    obsDim,
    actDim,
    obs: new Float32Array(size * obsDim),
    action: new Float32Array(size * actDim),
    reward: new Float32Array(size),
    nextObs: new Float32Array(size * obsDim),
    terminal: new Float32Array(size),
  };
  for (let i = 0; i < size; i++) {
    const base = i * w;
    b.obs.set(rows.subarray(base, base + obsDim), i * obsDim);
    b.action.set(rows.subarray(base + obsDim, base + obsDim + actDim), i * actDim);
    b.reward[i] = rows[base + obsDim + actDim];
    b.nextObs.set(rows.subarray(base + obsDim + actDim + 1, base + 2 * obsDim + actDim + 1), i * obsDim);
    b.terminal[i] = modelTerminals && rows[base + w - 1] > terminalThreshold ? 1 : 0;
  }
  return b;
}
