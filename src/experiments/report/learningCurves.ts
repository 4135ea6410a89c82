// Learning curves and final-score table over seeds, per env and method: the median and 25-75% band
// at every evaluation step (ATraDiff §5 reports results this way), and the scores at chosen steps.
import { type MedianBand, medianBand } from "./quantiles.js";
import type { EvalPoint, SeedSeries } from "./runSeries.js";

/** The y-axis: the D4RL-normalized score when every evaluation has one, else the raw return. */
export type CurveMetric = "score" | "return";

export interface CurvePoint extends MedianBand {
  step: number;
}

export interface MethodCurve {
  env: string;
  method: string;
  metric: CurveMetric;
  seeds: number[];
  /** The runs (directory names) the seeds came from. */
  runs: string[];
  points: CurvePoint[];
  /** Median over seeds of the last step logged and of the training time (seconds). */
  lastStep: number;
  wallSeconds: MedianBand;
}

function metricOf(series: readonly SeedSeries[]): CurveMetric {
  const all = series.flatMap((s) => s.points);
  return all.length > 0 && all.every((p) => p.evalScore !== undefined) ? "score" : "return";
}

function metricValue(p: EvalPoint, metric: CurveMetric): number {
  return metric === "score" ? (p.evalScore as number) : p.evalReturn;
}

/** Seeds grouped by (env, method), in first-seen order; the same seed twice in one group is an error. */
export function groupSeries(series: readonly SeedSeries[]): SeedSeries[][] {
  const groups = new Map<string, SeedSeries[]>();
  for (const s of series) {
    const key = `${s.env}\u0000${s.method}`;
    const g = groups.get(key) ?? [];
    const twin = g.find((o) => o.seed === s.seed);
    if (twin)
      throw new Error(
        `Seed ${s.seed} of ${s.method} on ${s.env} appears in both ${twin.run} and ${s.run}; report each seed once.`,
      );
    g.push(s);
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** The median and band at every step that some seed evaluated (over the seeds that did). */
export function methodCurve(series: readonly SeedSeries[]): MethodCurve {
  const metric = metricOf(series);
  const byStep = new Map<number, number[]>();
  for (const s of series)
    for (const p of s.points) {
      const v = byStep.get(p.step) ?? [];
      v.push(metricValue(p, metric));
      byStep.set(p.step, v);
    }
  const points = [...byStep.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([step, values]) => ({ step, ...medianBand(values) }));
  return {
    env: series[0].env,
    method: series[0].method,
    metric,
    seeds: series.map((s) => s.seed).sort((a, b) => a - b),
    runs: [...new Set(series.map((s) => s.run))],
    points,
    lastStep: medianBand(series.map((s) => s.lastStep)).median,
    wallSeconds: medianBand(series.map((s) => s.wallSeconds)),
  };
}

/**
 * A seed's value at `step`: its last evaluation at or before it, if the seed trained that far
 * (null otherwise, so that an unfinished seed does not count as a low score).
 */
export function valueAtStep(s: SeedSeries, step: number, metric: CurveMetric): number | null {
  if (s.lastStep < step) return null;
  let best: EvalPoint | null = null;
  for (const p of s.points) if (p.step <= step && (!best || p.step > best.step)) best = p;
  return best ? metricValue(best, metric) : null;
}

/** The median and band over the seeds that reached `step`; null when none did. */
export function scoreAtStep(
  series: readonly SeedSeries[],
  step: number,
  metric: CurveMetric,
): MedianBand | null {
  const values = series.map((s) => valueAtStep(s, step, metric)).filter((v): v is number => v !== null);
  return values.length > 0 ? medianBand(values) : null;
}

/** Each seed's last evaluation. */
export function finalScore(series: readonly SeedSeries[], metric: CurveMetric): MedianBand | null {
  const values = series
    .filter((s) => s.points.length > 0)
    .map((s) =>
      metricValue(
        s.points.reduce((a, b) => (b.step > a.step ? b : a)),
        metric,
      ),
    );
  return values.length > 0 ? medianBand(values) : null;
}
