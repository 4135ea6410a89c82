// Integer command-line options (diffuser and bench commands): one clear sentence for a bad value.

export function positiveInt(name: string, text: string): number {
  const v = Number(text);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive integer, got ${text}.`);
  return v;
}

/** A seed or a count that may be 0; "" and "1.5" are refused. */
export function nonNegativeInt(name: string, text: string): number {
  const v = Number(text);
  if (text.trim() === "" || !Number.isInteger(v) || v < 0)
    throw new Error(`${name} must be a non-negative integer, got "${text}".`);
  return v;
}

/** A comma-separated list of positive integers, e.g. --lengths 5,10,25. */
export function intList(name: string, text: string): number[] {
  return text.split(",").map((s) => positiveInt(name, s.trim()));
}
