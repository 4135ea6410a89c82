// The one error a dataset file problem raises: one sentence naming the file and what was expected.
export class DatasetFileError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`Cannot use the dataset file ${path}: ${problem}.`);
    this.name = "DatasetFileError";
  }
}
