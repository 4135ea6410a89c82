// `atradiff report --tensorboard`: the scalars of metrics.csv (every metrics line of every seed)
// also as TensorBoard event files, one directory per run and seed so that TensorBoard shows each
// as a run: <report>/tensorboard/<run>/seed-<s>/events.out.tfevents.0.atradiff. Tags are the CSV's
// columns with "/" for "." ("losses/critic"); the wall-time axis is the run's training time.
import { join } from "node:path";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { type MetricsRow, metricsRows } from "./metricsCsv.js";
import { TENSORBOARD_DIR } from "./reportFiles.js";
import { type ScalarEvent, tensorboardEventFile } from "./tensorboardEvents.js";

export const EVENT_FILE = "events.out.tfevents.0.atradiff";

function scalarEvent(row: MetricsRow): ScalarEvent {
  const scalars: Record<string, number> = {};
  for (const [key, value] of Object.entries(row))
    if (typeof value === "number" && !["run", "seed", "step", "wallSeconds"].includes(key))
      scalars[key.replaceAll(".", "/")] = value;
  const wall = row.wallSeconds;
  return { step: Number(row.step), wallTime: typeof wall === "number" ? wall : 0, scalars };
}

/** Writes one event file per run and seed under `reportDir`/tensorboard; returns their paths. */
export function writeTensorboardScalars(runDirs: readonly string[], reportDir: string): string[] {
  const bySeed = new Map<string, MetricsRow[]>();
  for (const row of metricsRows(runDirs)) {
    const key = join(String(row.run), `seed-${row.seed}`);
    bySeed.set(key, [...(bySeed.get(key) ?? []), row]);
  }
  const written: string[] = [];
  for (const [key, rows] of bySeed) {
    const dir = join(reportDir, TENSORBOARD_DIR, key);
    const file = join(dir, EVENT_FILE);
    writeFileAtomic(file, tensorboardEventFile(rows.map(scalarEvent)));
    written.push(file);
  }
  return written;
}
