// Quantiles as numpy's default (linear interpolation between order statistics), for the median and
// the 25-75% band that ATraDiff reports over seeds (§5: "median over 5 seeds ... 25-75% percentile").

/** The q-quantile (q in [0, 1]) of `values`, linear interpolation between closest ranks. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) throw new Error("A quantile needs at least one value, got none.");
  if (!(q >= 0 && q <= 1)) throw new Error(`A quantile level must be in [0, 1], got ${q}.`);
  const sorted = [...values].sort((a, b) => a - b);
  const pos = q * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export interface MedianBand {
  median: number;
  q25: number;
  q75: number;
  /** How many values (seeds) the statistics cover. */
  count: number;
}

export function medianBand(values: readonly number[]): MedianBand {
  return {
    median: quantile(values, 0.5),
    q25: quantile(values, 0.25),
    q75: quantile(values, 0.75),
    count: values.length,
  };
}
