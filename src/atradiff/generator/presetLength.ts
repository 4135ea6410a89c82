// Coarse-to-precise length (ATraDiff §4.1): "estimate the required length for the current state
// with a pretrained network and round it up to the nearest preset length". An estimate beyond the
// largest preset length uses the largest (its window is then kept whole, and the trajectory goes on
// from a later generation).

/** The smallest preset length >= estimate (the largest one when none is). */
export function roundUpToPresetLength(estimate: number, presetLengths: readonly number[]): number {
  if (presetLengths.length === 0) throw new Error("Rounding a length needs at least one preset length.");
  if (Number.isNaN(estimate)) throw new Error("The estimated length is NaN; it must be a number.");
  for (const k of presetLengths) if (estimate <= k) return k;
  return presetLengths[presetLengths.length - 1];
}
