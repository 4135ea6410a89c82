// The one reading of a number typed as text (flags, settings given on the command line): decimal or
// exponent notation ("1.5", "2.5e5"), never "0x10" or "". cli/intOptions.ts builds its integer flags
// on it, and the job's dotted settings (experiments/commands/jobConfig.ts) read numbers with it.

/** The number that `text` spells in decimal or exponent notation ("1.5", "2.5e5"), or null (not "0x10", ""). */
export function numberText(text: string): number | null {
  const t = text.trim();
  return /^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$/i.test(t) ? Number(t) : null;
}

/** The integer that `text` spells in decimal or exponent notation ("250000", "2.5e5"), or null. */
export function integerText(text: string): number | null {
  const v = numberText(text);
  return v !== null && Number.isInteger(v) ? v : null;
}
