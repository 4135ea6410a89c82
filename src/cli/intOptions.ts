// Integer command-line options: one parser for every command, so that every flag reads "1e6" and
// "1000000" alike and refuses the same things: "", "1.5", "0x10", a value under the flag's minimum,
// and a value above its upper bound (MAX_COUNT unless the flag has a tighter one), each in one
// sentence before anything is created or allocated.
import { MAX_COUNT } from "../settings/types.js";
import { integerText, numberText } from "../util/numberText.js";

export { integerText, numberText };

export interface IntegerBounds {
  /** Default 1. */
  min?: number;
  /** Default MAX_COUNT. */
  max?: number;
}

export function integerOption(flag: string, text: string, bounds: IntegerBounds = {}): number {
  const { min = 1, max = MAX_COUNT } = bounds;
  const v = integerText(text);
  const what =
    min === 0 ? "a non-negative integer" : min === 1 ? "a positive integer" : `an integer of at least ${min}`;
  if (v === null || v < min) throw new Error(`${flag} must be ${what}, got ${JSON.stringify(text)}.`);
  if (v > max) throw new Error(`${flag} must be at most ${max.toLocaleString("en-US")}, got ${text.trim()}.`);
  return v;
}

/** A count of at least 1, e.g. --steps. */
export function positiveInt(flag: string, text: string, max?: number): number {
  return integerOption(flag, text, { min: 1, max });
}

/** A seed or a count that may be 0. */
export function nonNegativeInt(flag: string, text: string, max?: number): number {
  return integerOption(flag, text, { min: 0, max });
}

/** An option that may be absent: undefined then. */
export function optionalInt(
  flag: string,
  text: string | undefined,
  bounds?: IntegerBounds,
): number | undefined {
  return text === undefined ? undefined : integerOption(flag, text, bounds);
}

/** A comma-separated list of integers, e.g. --lengths 5,10,25. */
export function intList(flag: string, text: string, bounds?: IntegerBounds): number[] {
  return text.split(",").map((s) => integerOption(flag, s, bounds));
}
