// The similarity of two states for the pruner (ATraDiff §4.1 names sim(s_j, s_{j+1}) but not its
// form). Chosen: the negative root-mean-square of the per-dimension standardized difference,
//   sim(x, y) = -sqrt( mean_d ((x_d - y_d) / std_d)^2 ),
// with std_d the data's per-dimension state std. Identical states give 0 (the maximum), and the
// scale does not depend on units or on the number of state dimensions, so one threshold can serve
// different environments after calibration.

/** sim(states[i], states[i + 1]) for i = 0 .. count - 2 (states: count x std.length, row-major). */
export function adjacentSimilarities(
  states: ArrayLike<number>,
  stateStd: ArrayLike<number>,
  from = 0,
  count = (states.length - from) / stateStd.length,
): Float64Array {
  const o = stateStd.length;
  if (!Number.isInteger(count) || from + count * o > states.length)
    throw new Error(`${states.length - from} values do not hold ${count} states of ${o} values.`);
  const out = new Float64Array(Math.max(count - 1, 0));
  for (let i = 0; i + 1 < count; i++) {
    let sq = 0;
    const a = from + i * o;
    for (let d = 0; d < o; d++) {
      const diff = (states[a + d] - states[a + o + d]) / stateStd[d];
      sq += diff * diff;
    }
    out[i] = sq === 0 ? 0 : -Math.sqrt(sq / o); // not -0 for identical states
  }
  return out;
}
