// A Batch (column-wise Float32Arrays) as engine tensors, checked against the agent's sizes.
// reward and terminal become [B, 1] columns so that they line up with critic outputs [B, 1].
import type { Batch } from "../data/batch.js";
import { Tensor } from "../engine/tensor.js";

export interface BatchTensors {
  size: number;
  obs: Tensor;
  action: Tensor;
  nextObs: Tensor;
  /** The raw reward and terminal columns (targets are computed from them in JavaScript). */
  reward: Float32Array;
  terminal: Float32Array;
}

/** Throws one sentence naming the column when a batch does not fit an agent's sizes. */
export function checkBatch(agent: string, batch: Batch, obsDim: number, actDim: number): void {
  const n = batch.size;
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${agent}: a batch needs at least one transition, got size ${String(n)}.`);
  if (batch.obsDim !== obsDim || batch.actDim !== actDim)
    throw new Error(
      `${agent}: the batch has obsDim ${batch.obsDim} and actDim ${batch.actDim}, but the agent expects ${obsDim} and ${actDim}.`,
    );
  const columns: [string, Float32Array, number][] = [
    ["obs", batch.obs, n * obsDim],
    ["action", batch.action, n * actDim],
    ["reward", batch.reward, n],
    ["nextObs", batch.nextObs, n * obsDim],
    ["terminal", batch.terminal, n],
  ];
  for (const [name, column, expected] of columns)
    if (!column || column.length < expected)
      throw new Error(
        `${agent}: the batch column "${name}" has ${column ? column.length : 0} values, expected ${expected} (size ${n}).`,
      );
}

/** Copies a checked batch into tensors (inside the caller's tidy scope). */
export function batchTensors(agent: string, batch: Batch, obsDim: number, actDim: number): BatchTensors {
  checkBatch(agent, batch, obsDim, actDim);
  const n = batch.size;
  return {
    size: n,
    obs: Tensor.fromArray(batch.obs.subarray(0, n * obsDim), [n, obsDim]),
    action: Tensor.fromArray(batch.action.subarray(0, n * actDim), [n, actDim]),
    nextObs: Tensor.fromArray(batch.nextObs.subarray(0, n * obsDim), [n, obsDim]),
    reward: batch.reward.subarray(0, n),
    terminal: batch.terminal.subarray(0, n),
  };
}

/** One observation (or a row-major block of `count` of them) as a [count, obsDim] tensor. */
export function observationTensor(
  agent: string,
  obs: ArrayLike<number>,
  count: number,
  obsDim: number,
): Tensor {
  if (obs.length !== count * obsDim)
    throw new Error(
      `${agent}: expected ${count} observation(s) of ${obsDim} values (${count * obsDim} in all), got ${obs.length}.`,
    );
  for (let i = 0; i < obs.length; i++)
    if (!Number.isFinite(obs[i]))
      throw new Error(`${agent}: observation value ${i} is ${obs[i]}; observations must be finite.`);
  return Tensor.fromArray(obs, [count, obsDim]);
}
