// The one error a dataset file problem raises: one sentence naming the file and what was expected.
// The problem may quote the file's own names; control characters in it are escaped (one line, and
// nothing a terminal would act on).
import { escapeControlCharacters } from "../../util/printable.js";

export class DatasetFileError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(escapeControlCharacters(`Cannot use the dataset file ${path}: ${problem}.`));
    this.name = "DatasetFileError";
  }
}
