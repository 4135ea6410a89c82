// metrics.csv: every metrics line of every seed of the reported runs as one table, for spreadsheets,
// pandas and R. The JSON lines stay the record; this is derived from them each time a report is
// written. Nested records (losses, synthetic counters) become dotted columns ("losses.critic");
// the list of training-episode returns becomes its mean and count, since a cell holds one value.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";

export type MetricsRow = Record<string, number | string>;
type Row = MetricsRow;

function flatten(record: Record<string, unknown>): Row {
  const row: Row = {};
  for (const [key, value] of Object.entries(record)) {
    if (key === "episodeReturns" && Array.isArray(value)) {
      const xs = value.filter((x): x is number => typeof x === "number");
      row.episodeReturnCount = xs.length;
      if (xs.length > 0) row.episodeReturnMean = xs.reduce((a, b) => a + b, 0) / xs.length;
    } else if (typeof value === "number" || typeof value === "string") row[key] = value;
    else if (value !== null && typeof value === "object" && !Array.isArray(value))
      for (const [inner, x] of Object.entries(value as Record<string, unknown>))
        if (typeof x === "number") row[`${key}.${inner}`] = x;
  }
  return row;
}

/** A cell as RFC 4180 wants it: quoted when it holds a comma, a quote or a line break. */
function cell(value: number | string | undefined): string {
  if (value === undefined) return "";
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Every line of every seed-<s>/metrics.jsonl under `runDirs`, flattened, with its run and seed. */
export function metricsRows(runDirs: readonly string[]): Row[] {
  const rows: Row[] = [];
  for (const dir of runDirs) {
    const run = basename(resolve(dir));
    for (const name of readdirSync(dir).sort()) {
      const seed = /^seed-(\d+)$/.exec(name);
      const file = join(dir, name, "metrics.jsonl");
      if (!seed || !existsSync(file)) continue;
      for (const line of readFileSync(file, "utf8").split("\n"))
        if (line.trim() !== "") rows.push({ run, seed: Number(seed[1]), ...flatten(JSON.parse(line)) });
    }
  }
  return rows;
}

/** The CSV text of every seed-<s>/metrics.jsonl under `runDirs`, with run and seed columns first. */
export function metricsCsv(runDirs: readonly string[]): string {
  const rows = metricsRows(runDirs);
  const columns = ["run", "seed", "step"];
  for (const row of rows) for (const key of Object.keys(row)) if (!columns.includes(key)) columns.push(key);
  const lines = [columns.join(","), ...rows.map((r) => columns.map((c) => cell(r[c])).join(","))];
  return `${lines.join("\n")}\n`;
}
