// One check, shared by `atradiff train`'s up-front validation and the seed worker: the dataset's
// observation and action sizes must be the env's, and its actions must lie in the env's action
// space. Actions outside it are refused rather than clipped: a dataset of actions the env never
// takes (e.g. +-1000 for a [-1, 1] space, a dataset in other units) would teach the agent and the
// generator actions that mean something else, and clipping would hide that.

export interface Sizes {
  obsDim: number;
  actDim: number;
}

export interface DatasetActions extends Sizes {
  /** Rows x actDim. */
  actions?: Float32Array;
}

export interface ActionSpace extends Sizes {
  actionLow?: ArrayLike<number>;
  actionHigh?: ArrayLike<number>;
}

/** Rounding slack of float32 actions at the bounds (a policy's tanh output stored as float32). */
const ACTION_SLACK = 1e-5;

export function checkDatasetFits(
  path: string,
  dataset: DatasetActions,
  envId: string,
  env: ActionSpace,
): void {
  if (dataset.obsDim !== env.obsDim || dataset.actDim !== env.actDim)
    throw new Error(
      `The dataset ${path} has observations of size ${dataset.obsDim} and actions of size ${dataset.actDim}, but ${envId} has ${env.obsDim} and ${env.actDim}.`,
    );
  const { actions } = dataset;
  const { actionLow: low, actionHigh: high } = env;
  if (actions === undefined || low === undefined || high === undefined) return;
  const a = dataset.actDim;
  for (let i = 0; i < actions.length; i++) {
    const d = i % a;
    const v = actions[i];
    const slack = ACTION_SLACK * Math.max(1, Math.abs(low[d]), Math.abs(high[d]));
    if (!(v >= low[d] - slack && v <= high[d] + slack))
      throw new Error(
        `The dataset ${path} has the action value ${v} (row ${Math.floor(i / a)}, dimension ${d}), outside ${envId}'s action space [${low[d]}, ${high[d]}]; datasets with actions out of range are refused, not clipped (rescale its actions to the env's range).`,
      );
  }
}
