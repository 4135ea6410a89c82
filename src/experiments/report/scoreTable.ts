// The table of final scores: per env and method, the median [25%, 75%] over seeds at chosen env
// steps (the ones some method reached), at each seed's last evaluation, and the cost: wall-clock
// time, and CPU time (what a shared machine does not inflate).
import { type CurveMetric, finalScore, type MethodCurve, scoreAtStep } from "./learningCurves.js";
import { type MedianBand, quantile } from "./quantiles.js";
import type { SeedSeries } from "./runSeries.js";

/** Steps at which ATraDiff's tables compare methods, shown when some method got there. */
export const DEFAULT_TABLE_STEPS = [25_000, 50_000, 100_000, 250_000] as const;

export interface ScoreRow {
  env: string;
  method: string;
  metric: CurveMetric;
  seeds: number;
  /** One entry per table step (null: no seed trained that far). */
  atSteps: (MedianBand | null)[];
  final: MedianBand | null;
  lastStep: number;
  /** Median wall-clock seconds per seed, and summed over seeds. */
  wallSecondsMedian: number;
  wallSecondsTotal: number;
  /** Median CPU seconds per seed over the seeds that count them (null: none does). */
  cpuSecondsMedian: number | null;
  /** Seeds whose CPU time was counted over part of their run and scaled to all of it. */
  cpuExtrapolatedSeeds: number;
}

export interface ScoreTable {
  steps: number[];
  rows: ScoreRow[];
}

export function scoreTable(
  groups: readonly SeedSeries[][],
  curves: readonly MethodCurve[],
  candidateSteps: readonly number[] = DEFAULT_TABLE_STEPS,
): ScoreTable {
  const reached = Math.max(0, ...groups.flatMap((g) => g.map((s) => s.lastStep)));
  const steps = candidateSteps.filter((t) => t <= reached);
  const rows = groups.map((g, i) => {
    const c = curves[i];
    return {
      env: c.env,
      method: c.method,
      metric: c.metric,
      seeds: g.length,
      atSteps: steps.map((t) => scoreAtStep(g, t, c.metric)),
      final: finalScore(g, c.metric),
      lastStep: c.lastStep,
      wallSecondsMedian: c.wallSeconds.median,
      wallSecondsTotal: g.reduce((sum, s) => sum + s.wallSeconds, 0),
      ...cpuColumns(g),
    };
  });
  return { steps, rows };
}

function cpuColumns(g: readonly SeedSeries[]): Pick<ScoreRow, "cpuSecondsMedian" | "cpuExtrapolatedSeeds"> {
  const counted = g.filter((s) => s.cpuSeconds !== null);
  return {
    cpuSecondsMedian:
      counted.length === 0
        ? null
        : quantile(
            counted.map((s) => s.cpuSeconds!),
            0.5,
          ),
    cpuExtrapolatedSeeds: counted.filter((s) => s.cpuExtrapolated).length,
  };
}

/** "1.52 h" for a row's CPU time per seed; "-" when no seed counted it; "~" marks a scaled count. */
export function formatCpu(r: Pick<ScoreRow, "cpuSecondsMedian" | "cpuExtrapolatedSeeds">): string {
  if (r.cpuSecondsMedian === null) return "-";
  return `${r.cpuExtrapolatedSeeds > 0 ? "~" : ""}${formatSeconds(r.cpuSecondsMedian)}`;
}

/**
 * "72.4 [70.1, 75.0]" (median [25%, 75%]), or "-" when missing; "(2 of 3 seeds)" is added when
 * the band covers fewer than the method's `seeds` (the others have not trained that far).
 */
export function formatBand(b: MedianBand | null, seeds?: number, digits = 1): string {
  if (!b) return "-";
  const band = `${b.median.toFixed(digits)} [${b.q25.toFixed(digits)}, ${b.q75.toFixed(digits)}]`;
  return seeds !== undefined && b.count < seeds ? `${band} (${b.count} of ${seeds} seeds)` : band;
}

export function formatSeconds(s: number): string {
  if (s < 120) return `${s.toFixed(0)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  return `${(s / 3600).toFixed(2)} h`;
}

export function formatSteps(step: number): string {
  return step % 1000 === 0 ? `${step / 1000}k` : String(step);
}
