// `atradiff report`: reads runs, computes the curves and the score table, and writes report.html
// (self-contained), curves.svg, curves.png, and the table as scores.md (Markdown) and scores.json
// (every number, unrounded), every metrics line as metrics.csv and, with tensorboard, as TensorBoard
// event files into the output directory, atomically, never over existing files unless forced.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import {
  claimOutputDirectory,
  decideOutputDirectory,
  type OutputRules,
  startInOutputDirectory,
} from "../../util/outputDirectory.js";
import { isOlderRunDirectory } from "../seeds/jobDirectory.js";
import { curvesSvg, svgToPng } from "./curvesChart.js";
import { type FidelityEntry, fidelityHtml, fidelitySvg } from "./fidelityPanel.js";
import { groupSeries, type MethodCurve, methodCurve } from "./learningCurves.js";
import { metricsCsv } from "./metricsCsv.js";
import { isReportFile, REPORT_FILES, TENSORBOARD_DIR } from "./reportFiles.js";
import { reportHtml } from "./reportHtml.js";
import { readRun } from "./runSeries.js";
import { DEFAULT_TABLE_STEPS, type ScoreTable, scoreTable } from "./scoreTable.js";
import { scoresMarkdown } from "./scoreTableText.js";
import { writeTensorboardScalars } from "./tensorboardScalars.js";

export { REPORT_FILES };

export interface ReportOptions {
  runDirs: readonly string[];
  /** Default: the first run directory. */
  outDir?: string;
  force?: boolean;
  tableSteps?: readonly number[];
  /** Shown in the page; default now. */
  createdAt?: string;
  /** Also write the metrics as TensorBoard event files (tensorboardScalars.ts). */
  tensorboard?: boolean;
  /** The generators' simulator fidelity, shown beside the curves (fidelityPanel.ts). */
  generatorFidelity?: readonly FidelityEntry[];
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

/**
 * A report directory from before output markers: it holds report.html, and either only report
 * files, or a published plan (config.json with a title, runs and a report) among other files.
 */
export function isOlderReportDirectory(dir: string): boolean {
  const entries = existsSync(dir) && statSync(dir).isDirectory() ? readdirSync(dir) : [];
  if (!entries.includes(REPORT_FILES[0])) return false;
  if (!entries.includes("config.json"))
    return entries.every((e) => (REPORT_FILES as readonly string[]).includes(e));
  try {
    const plan = JSON.parse(readFileSync(join(dir, "config.json"), "utf8")) as Record<string, unknown> | null;
    return typeof plan?.title === "string" && Array.isArray(plan.runs) && typeof plan.report === "object";
  } catch {
    return false;
  }
}

/**
 * The output-directory rules of a report (util/outputDirectory.ts): a new directory, or one that
 * atradiff made for a report, a run or an experiment; never a directory of anything else.
 */
export const REPORT_OUTPUT: OutputRules = {
  continues: true,
  alsoInto: ["run", "experiment"],
  madeByOlderVersion: (dir) => isOlderRunDirectory(dir) || isOlderReportDirectory(dir),
  ownEntries: isReportFile,
};

export async function writeReport(o: ReportOptions): Promise<WrittenReport> {
  if (o.runDirs.length === 0) throw new Error("Give at least one run directory to report on.");
  const outDir = o.outDir ?? o.runDirs[0];
  decideOutputDirectory(outDir, "report", REPORT_OUTPUT);
  const files = [
    ...REPORT_FILES.map((f) => join(outDir, f)),
    ...(o.tensorboard ? [join(outDir, TENSORBOARD_DIR)] : []),
  ];
  if (!o.force)
    for (const f of files)
      if (existsSync(f)) throw new Error(`The file ${f} already exists; pass --force to overwrite it.`);
  const { curves, table } = summarizeRuns(o.runDirs, o.tableSteps);
  const output = claimOutputDirectory(outDir, "report", REPORT_OUTPUT);
  return startInOutputDirectory(output, () => writeReportFiles(o, outDir, files, curves, table));
}

async function writeReportFiles(
  o: ReportOptions,
  outDir: string,
  files: string[],
  curves: MethodCurve[],
  table: ScoreTable,
): Promise<WrittenReport> {
  const svg = await curvesSvg(curves);
  const createdAt = o.createdAt ?? new Date().toISOString();
  const fidelity = o.generatorFidelity ?? [];
  const html = reportHtml({
    runDirs: o.runDirs,
    curves,
    table,
    svg,
    createdAt,
    fidelityHtml: fidelity.length > 0 ? fidelityHtml(fidelity, await fidelitySvg(fidelity)) : undefined,
  });
  writeFileAtomic(files[0], html);
  writeFileAtomic(files[1], svg);
  writeFileAtomic(files[2], svgToPng(svg));
  writeFileAtomic(files[3], scoresMarkdown(table, o.runDirs, createdAt));
  writeFileAtomic(files[4], `${JSON.stringify({ createdAt, runDirs: o.runDirs, ...table }, null, 2)}\n`);
  writeFileAtomic(files[5], metricsCsv(o.runDirs));
  if (o.tensorboard) writeTensorboardScalars(o.runDirs, outDir);
  return { outDir, files, curves, table };
}
