// Calibrating the pruner's threshold (the paper has none; method.md §3 asks for one). For window
// length k, the start states of the training windows fall into two kinds:
// - padded: fewer than k transitions remain, so the window should end in a repeated tail and be cut;
// - clean: at least k remain, so the window should be kept whole.
// The starts are those the generator hands to this diffuser (usagePopulation: with diffusers for
// k = 5..25, the k = 10 one gets states 6-10 steps from the end, so most of its windows are padded;
// the k = 25 one gets every state 21 or more from the end, so most of its windows are clean). The
// largest signed prefix/suffix gap (pruner.ts) of a window of each drawn start is computed, and the
// threshold is the one that separates the two kinds best: the fewest misclassified windows, the
// kinds weighted by their shares of that population; among equally good thresholds, the middle of
// the widest empty interval between observed gaps, for margin.
//
// The windows measured are either the real (padded) training windows, or windows the trained
// diffuser generates from the same start states (the default). Generated tails are only nearly
// constant, so their gaps are smaller than real ones, and a threshold fitted to real windows can
// leave generated tails uncut; measuring generated windows calibrates on what the pruner will see.
// A weak diffuser's generated windows may not separate at all (balanced error near chance); the
// threshold fitted to them then cuts clean windows at random, and calibratePruner falls back to the
// real windows' threshold, recording the generated calibration it rejected.
import type { Rng } from "../../engine/rng.js";
import type { TrainingData } from "../windows/trainingEpisodes.js";
import { TrainingWindows } from "../windows/trainingWindows.js";
import { type WindowLayout, windowStates } from "../windows/windowLayout.js";
import type { GeneratorSettings, PrunerSettings } from "./generatorSettings.js";
import { bestCut, type GapWeighting } from "./pruner.js";
import { adjacentSimilarities } from "./stateSimilarity.js";
import type { TaskPrompt } from "./taskPrompt.js";
import type { WindowDiffuser, WindowSampleOptions } from "./windowDiffuser.js";

export interface PrunerCalibration {
  threshold: number;
  source: "real" | "generated";
  /** Windows of each kind measured. */
  padded: number;
  clean: number;
  /**
   * Share of padded windows among the start states the diffuser is given (usagePopulation); the
   * threshold makes the fewest errors over that mixture.
   */
  paddedShare: number;
  /** Fraction of padded windows that the threshold leaves whole. */
  paddedMissed: number;
  /** Fraction of clean windows that the threshold cuts. */
  cleanCut: number;
  /**
   * A fallback (calibratePruner): the calibration on generated windows that was rejected, and how
   * this threshold treats those generated windows.
   */
  rejected?: PrunerCalibration & { atThisThreshold: Pick<PrunerCalibration, "paddedMissed" | "cleanCut"> };
}

/** Mean of the two kinds' error rates: 0 separates perfectly, 0.5 is chance. */
export function balancedError(c: Pick<PrunerCalibration, "paddedMissed" | "cleanCut">): number {
  return (c.paddedMissed + c.cleanCut) / 2;
}

/** The largest signed gap of the window in `row` (-Infinity when k < 2: nothing can be cut). */
export function rowGap(
  layout: WindowLayout,
  k: number,
  row: ArrayLike<number>,
  stateStd: ArrayLike<number>,
  weighting: GapWeighting,
  rowStart = 0,
): number {
  const states = windowStates(layout, k, row, rowStart);
  return bestCut(adjacentSimilarities(states, stateStd), weighting)?.gap ?? Number.NEGATIVE_INFINITY;
}

/**
 * The threshold best separating gaps of windows that should be cut from those that should not: the
 * fewest errors when the two kinds make up cutShare and 1 - cutShare of the windows (0.5: the
 * balanced error).
 */
export function separatingThreshold(
  shouldCut: readonly number[],
  shouldKeep: readonly number[],
  cutShare = 0.5,
): number {
  if (shouldCut.length === 0 && shouldKeep.length === 0) return 0;
  if (shouldKeep.length === 0) return Math.max(0, 0.5 * Math.min(...shouldCut));
  if (shouldCut.length === 0) return Math.max(0, 2 * Math.max(...shouldKeep));
  const all = [
    ...shouldCut.map((g) => ({ g, cut: true })),
    ...shouldKeep.map((g) => ({ g, cut: false })),
  ].sort((a, b) => a.g - b.g);
  // A threshold between all[i - 1] and all[i] cuts windows i.. (gaps above it).
  let missedCuts = 0; // should-cut windows at or below the threshold
  let keptCut = shouldKeep.length; // should-keep windows above it
  let best = { error: Number.POSITIVE_INFINITY, width: -1, threshold: 0 };
  for (let i = 0; i <= all.length; i++) {
    if (i > 0) {
      if (all[i - 1].cut) missedCuts++;
      else keptCut--;
    }
    if (i > 0 && i < all.length && all[i].g === all[i - 1].g) continue; // not a boundary
    const error = (cutShare * missedCuts) / shouldCut.length + ((1 - cutShare) * keptCut) / shouldKeep.length;
    const lo = i === 0 ? all[0].g - Math.abs(all[0].g) : all[i - 1].g;
    const hi = i === all.length ? all[i - 1].g + Math.abs(all[i - 1].g) : all[i].g;
    const width = hi - lo;
    if (error < best.error - 1e-12 || (Math.abs(error - best.error) <= 1e-12 && width > best.width))
      best = { error, width, threshold: (lo + hi) / 2 };
  }
  return Math.max(0, best.threshold);
}

/** The start states a diffuser is given: those whose remaining length is in [min, max]. */
export interface CalibrationPopulation {
  minRemaining: number;
  maxRemaining: number;
}

export const EVERY_START: CalibrationPopulation = { minRemaining: 1, maxRemaining: Number.POSITIVE_INFINITY };

/**
 * The start states the generator hands to the diffuser of window length k (§4.1): with multiple
 * diffusers, those whose remaining length rounds up to k (above the next shorter preset length;
 * the longest takes every longer one too); a single length-conditioned diffuser takes all.
 */
export function usagePopulation(
  windowLengths: readonly number[],
  mode: "multiple" | "single",
  k: number,
): CalibrationPopulation {
  if (mode === "single") return EVERY_START;
  const i = windowLengths.indexOf(k);
  if (i < 0) throw new Error(`${k} is not one of the window lengths ${windowLengths.join(",")}.`);
  return {
    minRemaining: i === 0 ? 1 : windowLengths[i - 1] + 1,
    maxRemaining: i === windowLengths.length - 1 ? Number.POSITIVE_INFINITY : k,
  };
}

export interface CalibrationDraw {
  padded: number[];
  clean: number[];
  /** Share of padded windows in the whole population (before drawing). */
  paddedShare: number;
}

/** The indices of the windows whose start is in the population, without those holding a terminal step if asked. */
export function populationWindows(
  windows: TrainingWindows,
  population: CalibrationPopulation,
  skipTerminal: boolean,
): number[] {
  const out: number[] = [];
  for (let i = 0; i < windows.count; i++) {
    const remaining = windows.remainingLength(i);
    if (remaining < population.minRemaining || remaining > population.maxRemaining) continue;
    if (skipTerminal && windows.containsTerminal(i)) continue;
    out.push(i);
  }
  return out;
}

/**
 * Up to `perKind` window indices of each kind from the population, drawn uniformly without
 * replacement. With terminal channels, windows holding a terminal step are left out: the generator
 * cuts those at the terminal flag before the pruner is asked (windowCut.ts), so they say nothing
 * about the threshold.
 */
export function drawCalibrationWindows(
  windows: TrainingWindows,
  perKind: number,
  rng: Rng,
  population: CalibrationPopulation = EVERY_START,
): CalibrationDraw {
  const padded: number[] = [];
  const clean: number[] = [];
  for (const i of populationWindows(windows, population, windows.layout.modelTerminals))
    (windows.remainingLength(i) < windows.k ? padded : clean).push(i);
  const paddedShare = padded.length + clean.length > 0 ? padded.length / (padded.length + clean.length) : 0;
  return {
    padded: rng.sampleInPlace(padded, perKind),
    clean: rng.sampleInPlace(clean, perKind),
    paddedShare,
  };
}

interface KindGaps {
  /** Gaps of windows that should be cut (padded) and of windows that should stay whole (clean). */
  cutGaps: number[];
  keepGaps: number[];
  paddedShare: number;
}

/** How a threshold treats windows of both kinds. */
function errorRates(g: KindGaps, threshold: number): Pick<PrunerCalibration, "paddedMissed" | "cleanCut"> {
  const { cutGaps, keepGaps } = g;
  return {
    paddedMissed: cutGaps.length ? cutGaps.filter((x) => !(x > threshold)).length / cutGaps.length : 0,
    cleanCut: keepGaps.length ? keepGaps.filter((x) => x > threshold).length / keepGaps.length : 0,
  };
}

function summarize(source: PrunerCalibration["source"], k: number, g: KindGaps): PrunerCalibration {
  const threshold = k < 2 ? 0 : separatingThreshold(g.cutGaps, g.keepGaps, g.paddedShare);
  return {
    threshold,
    source,
    padded: g.cutGaps.length,
    clean: g.keepGaps.length,
    paddedShare: g.paddedShare,
    ...errorRates(g, threshold),
  };
}

/** Calibrates on the real training windows themselves. */
export function calibrateOnRealWindows(
  windows: TrainingWindows,
  stateStd: ArrayLike<number>,
  weighting: GapWeighting,
  perKind: number,
  rng: Rng,
  population: CalibrationPopulation = EVERY_START,
): PrunerCalibration {
  const { padded, clean, paddedShare } = drawCalibrationWindows(windows, perKind, rng, population);
  const row = new Float32Array(windows.width);
  const gaps = (indices: number[]) =>
    indices.map((i) => {
      windows.writeRow(i, row);
      return rowGap(windows.layout, windows.k, row, stateStd, weighting);
    });
  return summarize("real", windows.k, { cutGaps: gaps(padded), keepGaps: gaps(clean), paddedShare });
}

/**
 * Calibrates on windows the diffuser generates from the training windows' start states (a
 * length-conditioned diffuser gets the true remaining lengths).
 */
export function calibrateOnGeneratedWindows(
  diffuser: WindowDiffuser,
  windows: TrainingWindows,
  prompt: TaskPrompt,
  stateStd: ArrayLike<number>,
  weighting: GapWeighting,
  perKind: number,
  sample: WindowSampleOptions,
  population: CalibrationPopulation = EVERY_START,
): PrunerCalibration {
  const g = generatedGaps(diffuser, windows, prompt, stateStd, weighting, perKind, sample, population);
  return summarize("generated", diffuser.windowLength, g);
}

function generatedGaps(
  diffuser: WindowDiffuser,
  windows: TrainingWindows,
  prompt: TaskPrompt,
  stateStd: ArrayLike<number>,
  weighting: GapWeighting,
  perKind: number,
  sample: WindowSampleOptions,
  population: CalibrationPopulation,
): KindGaps {
  const k = diffuser.windowLength;
  if (windows.k !== k) throw new Error(`Windows of ${windows.k} steps cannot calibrate the pruner for ${k}.`);
  const { padded, clean, paddedShare } = drawCalibrationWindows(windows, perKind, sample.rng, population);
  const o = windows.layout.obsDim;
  const gaps = (indices: number[]): number[] => {
    const n = indices.length;
    if (n === 0) return [];
    const states = new Float32Array(n * o);
    const taskIds = new Float64Array(n);
    const lengths = diffuser.shape.lengthConditioned ? new Float64Array(n) : null;
    indices.forEach((i, r) => {
      windows.writeFirstState(i, states, r * o);
      taskIds[r] = windows.task(i);
      if (lengths) lengths[r] = windows.remainingLength(i);
    });
    const rows = diffuser.sample(states, prompt.rows(taskIds), lengths, n, sample);
    return indices.map((_, r) => rowGap(windows.layout, k, rows, stateStd, weighting, r * windows.width));
  };
  return { cutGaps: gaps(padded), keepGaps: gaps(clean), paddedShare };
}

/**
 * One diffuser's calibration as the pruner settings ask, over the start states it is given
 * (usagePopulation): on real windows, or on generated ones
 * unless their balanced error exceeds maxGeneratedError, in which case the real windows' (drawn
 * with the same rng, after the generated ones) is returned with the generated one as `rejected`.
 */
export function calibratePruner(
  diffuser: WindowDiffuser,
  windows: TrainingWindows,
  prompt: TaskPrompt,
  stateStd: ArrayLike<number>,
  pruner: PrunerSettings,
  sample: WindowSampleOptions,
  population: CalibrationPopulation = EVERY_START,
): PrunerCalibration {
  const { calibrateOn, calibrationWindows, gapWeighting, maxGeneratedError } = pruner;
  const onReal = () =>
    calibrateOnRealWindows(windows, stateStd, gapWeighting, calibrationWindows, sample.rng, population);
  if (calibrateOn === "real") return onReal();
  const gaps = generatedGaps(
    diffuser,
    windows,
    prompt,
    stateStd,
    gapWeighting,
    calibrationWindows,
    sample,
    population,
  );
  const generated = summarize("generated", diffuser.windowLength, gaps);
  if (balancedError(generated) <= maxGeneratedError) return generated;
  const real = onReal();
  return { ...real, rejected: { ...generated, atThisThreshold: errorRates(gaps, real.threshold) } };
}

/**
 * One diffuser of a generator calibrated as the generator's settings ask: on the data's windows of
 * its length, over the starts the generator gives it.
 */
export function calibrateGeneratorDiffuser(
  diffuser: WindowDiffuser,
  data: TrainingData,
  settings: GeneratorSettings,
  prompt: TaskPrompt,
  stateStd: ArrayLike<number>,
  rng: Rng,
): PrunerCalibration {
  const k = diffuser.windowLength;
  return calibratePruner(
    diffuser,
    new TrainingWindows(data, k, settings.modelTerminals),
    prompt,
    stateStd,
    settings.pruner,
    { rng, inpaintMode: settings.inpaintMode },
    usagePopulation(settings.windowLengths, settings.mode, k),
  );
}

/** Each window length's threshold: the calibrated one, or the fixed number the settings give. */
export function prunerThresholds(
  calibration: ReadonlyMap<number, PrunerCalibration>,
  pruner: Pick<PrunerSettings, "threshold">,
): Map<number, number> {
  const fixed = pruner.threshold;
  return new Map([...calibration].map(([k, c]) => [k, fixed === "calibrate" ? c.threshold : fixed]));
}
