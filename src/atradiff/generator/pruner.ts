// The non-parametric pruner (ATraDiff §4.1): find where a generated window stops moving and starts
// repeating its last state, and keep only the part before.
//
// A window holds k steps and k + 1 states x_1 .. x_{k+1} (windowLayout.ts), so k adjacent
// similarities sim_j = sim(x_j, x_{j+1}) (stateSimilarity.ts). Keeping c transitions means the
// repeated tail starts at x_{c+1}; then
//   pre_c = mean(sim_1 .. sim_c)        (pairs inside the kept part)
//   suf_c = mean(sim_{c+1} .. sim_k)    (pairs inside the repeated tail)
// for 1 <= c <= k - 1 (both parts non-empty: the paper's 1 < i < k). Three choices differ from
// the paper's text, which cuts at the largest |pre_i - suf_i| and always cuts:
// - the gap is signed, suf_c - pre_c: the paper's premise is that the average similarity after the
//   ending point is higher than before it; a window that speeds up is not a padded one;
// - weighting "changePoint" (default) scales the gap by sqrt(c (k - c) / k), the least-squares
//   change-point statistic for a shift in mean. The plain gap ("none", the paper's) favors cuts
//   that leave one part very short: with one fast and one slow step before the tail, the fast step
//   alone against the slow step averaged into the tail can outscore the true cut;
// - a threshold: when the largest (weighted) gap is not above it the window has no repeated tail
//   and is kept whole (k transitions). Its default is calibrated per window length
//   (prunerCalibration.ts).

export type GapWeighting = "none" | "changePoint";

export interface CutSearch {
  /** Transitions kept if the window is cut here (1 .. k - 1). */
  cut: number;
  /** (weighted) suf_cut - pre_cut: how much more alike the tail's states are than the kept part's. */
  gap: number;
}

/** The cut with the largest signed (weighted) gap, or null when the window has fewer than 2 steps. */
export function bestCut(similarities: ArrayLike<number>, weighting: GapWeighting): CutSearch | null {
  const k = similarities.length;
  if (k < 2) return null;
  let total = 0;
  for (let j = 0; j < k; j++) total += similarities[j];
  let prefix = 0;
  let best: CutSearch | null = null;
  for (let c = 1; c < k; c++) {
    prefix += similarities[c - 1];
    const weight = weighting === "changePoint" ? Math.sqrt((c * (k - c)) / k) : 1;
    const gap = weight * ((total - prefix) / (k - c) - prefix / c);
    if (best === null || gap > best.gap) best = { cut: c, gap };
  }
  return best;
}

/** Transitions to keep from a window with these k adjacent similarities. */
export function prunedLength(
  similarities: ArrayLike<number>,
  threshold: number,
  weighting: GapWeighting,
): number {
  if (!(threshold >= 0)) throw new Error(`The pruning threshold must be a number >= 0, got ${threshold}.`);
  const best = bestCut(similarities, weighting);
  return best !== null && best.gap > threshold ? best.cut : similarities.length;
}
