// `atradiff report`: reads runs, computes the curves and the score table, and writes report.html
// (self-contained), curves.svg, curves.png, and the table as scores.md (Markdown) and scores.json
// (every number, unrounded) and every metrics line as metrics.csv into the output directory, atomically, never over existing files
// unless forced.
import { existsSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { curvesSvg, svgToPng } from "./curvesChart.js";
import { groupSeries, type MethodCurve, methodCurve } from "./learningCurves.js";
import { metricsCsv } from "./metricsCsv.js";
import { reportHtml } from "./reportHtml.js";
import { readRun } from "./runSeries.js";
import { DEFAULT_TABLE_STEPS, type ScoreTable, scoreTable } from "./scoreTable.js";
import { scoresMarkdown } from "./scoreTableText.js";

export const REPORT_FILES = [
  "report.html",
  "curves.svg",
  "curves.png",
  "scores.md",
  "scores.json",
  "metrics.csv",
] as const;

export interface ReportOptions {
  runDirs: readonly string[];
  /** Default: the first run directory. */
  outDir?: string;
  force?: boolean;
  tableSteps?: readonly number[];
  /** Shown in the page; default now. */
  createdAt?: string;
}

export interface WrittenReport {
  outDir: string;
  files: string[];
  curves: MethodCurve[];
  table: ScoreTable;
}

/** The learning curves and score table of the runs (what the report shows). */
export function summarizeRuns(
  runDirs: readonly string[],
  tableSteps: readonly number[] = DEFAULT_TABLE_STEPS,
): { curves: MethodCurve[]; table: ScoreTable } {
  const groups = groupSeries(runDirs.flatMap((d) => readRun(d)));
  const evaluated = groups.filter((g) => g.some((s) => s.points.length > 0));
  if (evaluated.length === 0)
    throw new Error(`No evaluation has been logged yet in ${runDirs.join(", ")}; nothing to plot.`);
  const curves = evaluated.map(methodCurve);
  return { curves, table: scoreTable(evaluated, curves, tableSteps) };
}

export async function writeReport(o: ReportOptions): Promise<WrittenReport> {
  if (o.runDirs.length === 0) throw new Error("Give at least one run directory to report on.");
  const outDir = o.outDir ?? o.runDirs[0];
  const files = REPORT_FILES.map((f) => join(outDir, f));
  if (!o.force)
    for (const f of files)
      if (existsSync(f)) throw new Error(`The file ${f} already exists; pass --force to overwrite it.`);
  const { curves, table } = summarizeRuns(o.runDirs, o.tableSteps);
  const svg = await curvesSvg(curves);
  const createdAt = o.createdAt ?? new Date().toISOString();
  const html = reportHtml({
    runDirs: o.runDirs,
    curves,
    table,
    svg,
    createdAt,
  });
  writeFileAtomic(files[0], html);
  writeFileAtomic(files[1], svg);
  writeFileAtomic(files[2], svgToPng(svg));
  writeFileAtomic(files[3], scoresMarkdown(table, o.runDirs, createdAt));
  writeFileAtomic(files[4], `${JSON.stringify({ createdAt, runDirs: o.runDirs, ...table }, null, 2)}\n`);
  writeFileAtomic(files[5], metricsCsv(o.runDirs));
  return { outDir, files, curves, table };
}
