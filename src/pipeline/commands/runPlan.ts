// Runs a pipeline plan for `atradiff demo` and `atradiff experiment`: checks it, prints where the
// report will be, runs its stages (skipping finished ones, resuming partial ones) with progress
// bars, and prints the time per stage, the scores, the generators' fidelity and the report path
// again. Ctrl-C stops it resumably.
import { closeEngine, initEngine } from "../../engine/runtime.js";
import { fidelityLine } from "../../experiments/report/fidelityPanel.js";
import {
  formatBand,
  formatCpu,
  formatSeconds,
  formatSteps,
  summarizeRuns,
} from "../../experiments/report/index.js";
import { formatDuration, ProgressBoard } from "../../util/progress.js";
import { checkPlan } from "../checkPlan.js";
import type { PipelinePlan } from "../pipelinePlan.js";
import { planStages } from "../planStages.js";
import { reportedFidelity, reportedRunDirs, reportPath } from "../reportStage.js";
import { runPipeline } from "../runPipeline.js";
import { PipelineStopped } from "../stage.js";

/** The report's score table in the terminal: median [25%, 75%] per method at the table's steps. */
function printScores(plan: PipelinePlan): void {
  const { table } = summarizeRuns(reportedRunDirs(plan), plan.report.tableSteps);
  const header = ["env", "method", ...table.steps.map(formatSteps), "time per seed", "CPU per seed"];
  const rows = table.rows.map((r) => [
    r.env,
    `${r.method} (${r.metric}, ${r.seeds} seeds)`,
    ...r.atSteps.map((b) => formatBand(b, r.seeds)),
    formatSeconds(r.wallSecondsMedian),
    formatCpu(r),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const line of [header, ...rows]) console.log(line.map((c, i) => c.padEnd(widths[i])).join("  "));
}

/** `force`: runs and generators of other settings than the plan's are replaced if atradiff made them. */
export async function runPlanCommand(plan: PipelinePlan, again: string, force = false): Promise<void> {
  checkPlan(plan);
  const report = reportPath(plan);
  console.log(`Report: ${report}`);
  await initEngine();
  const t0 = performance.now();
  try {
    const outcomes = await runPipeline(planStages(plan, force), {
      makeBoard: () => new ProgressBoard({ labelWidth: 24 }),
      log: (line) => console.log(line),
    });
    for (const o of outcomes)
      console.log(`  ${o.before === "done" ? "skipped" : formatDuration(o.seconds).padStart(7)}  ${o.label}`);
  } catch (err) {
    if (!(err instanceof PipelineStopped)) throw err;
    console.error(`Stopped during ${err.stage}; continue with \`${again}\`.`);
    process.exitCode = 130;
    return;
  } finally {
    await closeEngine();
  }
  printScores(plan);
  for (const f of reportedFidelity(plan)) console.log(fidelityLine(f));
  console.log(`Done in ${formatDuration((performance.now() - t0) / 1000)}. Report: ${report}`);
}
