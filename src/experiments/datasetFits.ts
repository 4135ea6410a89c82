// One check, shared by `atradiff train`'s up-front validation and the seed worker: the dataset's
// observation and action sizes must be the env's.

export interface Sizes {
  obsDim: number;
  actDim: number;
}

export function checkDatasetFits(path: string, dataset: Sizes, envId: string, env: Sizes): void {
  if (dataset.obsDim !== env.obsDim || dataset.actDim !== env.actDim)
    throw new Error(
      `The dataset ${path} has observations of size ${dataset.obsDim} and actions of size ${dataset.actDim}, but ${envId} has ${env.obsDim} and ${env.actDim}.`,
    );
}
