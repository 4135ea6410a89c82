// Stage: the report over all runs (report/writeReport.ts): learning curves, the score table at the
// plan's steps and the wall-clock cost. It is redone whenever some run logged after it was written.
// With `publish`, the runs' settings and metrics (never checkpoints) are first copied under
// <dir>/runs/<name>/ with the plan as <dir>/config.json, and the report is made from those copies.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic } from "../../util/atomicWrite.js";
import { METRICS_FILE } from "../loopRun.js";
import { REPORT_FILES, writeReport } from "../report/writeReport.js";
import { CONFIG_FILE } from "../runSeed.js";
import type { PipelinePlan } from "./pipelinePlan.js";
import type { Stage } from "./stage.js";

/** The per-run files that back the report: config.json and each seed's config.json and metrics. */
function runFiles(dir: string): string[] {
  const seeds = readdirSync(dir).filter((n) => /^seed-\d+$/.test(n));
  return [CONFIG_FILE, ...seeds.flatMap((s) => [join(s, CONFIG_FILE), join(s, METRICS_FILE)])].filter((f) =>
    existsSync(join(dir, f)),
  );
}

function newestMetrics(plan: PipelinePlan): number {
  return Math.max(
    0,
    ...plan.runs.flatMap((r) =>
      runFiles(r.dir)
        .filter((f) => f.endsWith(METRICS_FILE))
        .map((f) => statSync(join(r.dir, f)).mtimeMs),
    ),
  );
}

/** Where the report reads each run from. */
export function reportedRunDirs(plan: PipelinePlan): string[] {
  return plan.runs.map((r) => (plan.report.publish ? join(plan.report.dir, "runs", r.name) : r.dir));
}

function publish(plan: PipelinePlan): void {
  writeFileAtomic(join(plan.report.dir, CONFIG_FILE), `${JSON.stringify(plan, null, 2)}\n`);
  plan.runs.forEach((r, i) => {
    const to = reportedRunDirs(plan)[i];
    for (const f of runFiles(r.dir)) writeFileAtomic(join(to, f), readFileSync(join(r.dir, f)));
  });
}

export function reportPath(plan: PipelinePlan): string {
  return join(plan.report.dir, REPORT_FILES[0]);
}

export function reportStage(plan: PipelinePlan): Stage {
  return {
    label: `report -> ${reportPath(plan)}`,
    state: () => {
      const html = reportPath(plan);
      return existsSync(html) && statSync(html).mtimeMs >= newestMetrics(plan) ? "done" : "todo";
    },
    run: async ({ board }) => {
      const task = board.add("report", 1, 0);
      if (plan.report.publish) publish(plan);
      await writeReport({
        runDirs: reportedRunDirs(plan),
        outDir: plan.report.dir,
        force: true,
        tableSteps: plan.report.tableSteps,
      });
      task.update(1);
      task.finish();
    },
  };
}
