// The scales of the normalized errors: per state dimension and for the reward, the standard
// deviation over the dataset's steps (a dimension that never varies gets scale 1, so that any error
// there still shows).
import type { Dataset } from "../../data/dataset.js";

export interface FidelityScales {
  /** obsDim standard deviations of the dataset's observations. */
  stateStd: Float64Array;
  rewardStd: number;
}

function std(values: ArrayLike<number>, stride: number, offset: number): number {
  let n = 0;
  let sum = 0;
  for (let i = offset; i < values.length; i += stride, n++) sum += values[i];
  const mean = sum / n;
  let sq = 0;
  for (let i = offset; i < values.length; i += stride) sq += (values[i] - mean) ** 2;
  const s = Math.sqrt(sq / n);
  return s > 1e-8 ? s : 1;
}

export function fidelityScales(dataset: Dataset): FidelityScales {
  if (dataset.size === 0) throw new Error("Fidelity scales need a dataset with at least one step.");
  const stateStd = new Float64Array(dataset.obsDim);
  for (let d = 0; d < dataset.obsDim; d++) stateStd[d] = std(dataset.observations, dataset.obsDim, d);
  return { stateStd, rewardStd: std(dataset.rewards, 1, 0) };
}
