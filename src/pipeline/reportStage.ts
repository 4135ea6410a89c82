// Stage: the report over all runs (report/writeReport.ts): learning curves, the generators'
// simulator fidelity (the plan's generatorFidelity files), the score table at the plan's steps and
// the wall-clock cost. It is redone whenever one of the plan's runs logged or a fidelity file was
// written after it, or (published) when it was made for another plan.
// With `publish`, the runs' settings and metrics (never checkpoints) are first copied under
// <dir>/runs/<name>/ with the plan as <dir>/config.json (and the fidelity files under
// <dir>/generator-fidelity/), and the report is made from those copies.
// The plan's report.alsoRuns (runs it does not train) are reported too once they have metrics.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { METRICS_FILE } from "../experiments/loops/loopRun.js";
import type { FidelityEntry } from "../experiments/report/fidelityPanel.js";
import { isOlderReportDirectory, REPORT_FILES, writeReport } from "../experiments/report/writeReport.js";
import { CONFIG_FILE } from "../experiments/seeds/runSeed.js";
import { writeFileAtomic } from "../util/atomicWrite.js";
import { claimOutputDirectory, type OutputRules } from "../util/outputDirectory.js";
import { fidelityLabel, readGeneratorFidelityFile } from "./generatorFidelityStage.js";
import type { GeneratorFidelitySpec, PipelinePlan, RunSpec } from "./pipelinePlan.js";
import type { Stage } from "./stage.js";

/** The per-run files that back the report: config.json and each seed's config.json and metrics. */
function runFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const seeds = readdirSync(dir).filter((n) => /^seed-\d+$/.test(n));
  return [CONFIG_FILE, ...seeds.flatMap((s) => [join(s, CONFIG_FILE), join(s, METRICS_FILE)])].filter((f) =>
    existsSync(join(dir, f)),
  );
}

const hasMetrics = (dir: string) => runFiles(dir).some((f) => f.endsWith(METRICS_FILE));

function publishedDir(plan: PipelinePlan, run: RunSpec): string {
  return join(plan.report.dir, "runs", run.name);
}

/**
 * The runs in the report: the plan's, then those of report.alsoRuns, each once it has metrics (a
 * run that trains later is left out of a first report until it starts).
 */
function reportedRuns(plan: PipelinePlan): RunSpec[] {
  return [...plan.runs, ...(plan.report.alsoRuns ?? [])].filter(
    (r) => hasMetrics(r.dir) || (plan.report.publish && hasMetrics(publishedDir(plan, r))),
  );
}

/**
 * When the plan's own runs last logged or its generators' fidelity was last measured. Not
 * report.alsoRuns: another process may be training them right now, and this plan's report shows
 * them as far as they went when it was made.
 */
function newestInput(plan: PipelinePlan): number {
  return Math.max(
    0,
    ...plan.runs.flatMap((r) =>
      runFiles(r.dir)
        .filter((f) => f.endsWith(METRICS_FILE))
        .map((f) => statSync(join(r.dir, f)).mtimeMs),
    ),
    ...fidelityFiles(plan)
      .filter((f) => existsSync(f))
      .map((f) => statSync(f).mtimeMs),
  );
}

/** Where a fidelity file is published: <report dir>/generator-fidelity/<file name>. */
function publishedFidelityFile(plan: PipelinePlan, spec: GeneratorFidelitySpec): string {
  return join(plan.report.dir, "generator-fidelity", basename(spec.file));
}

/** Where the report reads each fidelity file from: the file, or its published copy once the file is gone. */
function fidelityFiles(plan: PipelinePlan): string[] {
  return (plan.generatorFidelity ?? []).map((f) =>
    plan.report.publish && !existsSync(f.file) ? publishedFidelityFile(plan, f) : f.file,
  );
}

/** The generators' fidelity measured so far (fidelity files not made yet are left out). */
export function reportedFidelity(plan: PipelinePlan): FidelityEntry[] {
  const specs = plan.generatorFidelity ?? [];
  return fidelityFiles(plan).flatMap((file, i) => {
    const f = readGeneratorFidelityFile(file);
    // The label is the plan's (renaming it in the plan does not redo the measurement).
    return f === null ? [] : [{ label: fidelityLabel(specs[i]), fidelity: f.fidelity }];
  });
}

/** Where the report reads each run from. */
export function reportedRunDirs(plan: PipelinePlan): string[] {
  return reportedRuns(plan).map((r) => (plan.report.publish ? publishedDir(plan, r) : r.dir));
}

const planText = (plan: PipelinePlan) => `${JSON.stringify(plan, null, 2)}\n`;

/** The plan published with the report (a report made for another plan is redone). */
function publishedPlan(plan: PipelinePlan): string | null {
  const file = join(plan.report.dir, CONFIG_FILE);
  return existsSync(file) ? readFileSync(file, "utf8") : null;
}

/** Copies what backs the report; a run known only from its published copy keeps that copy. */
function publish(plan: PipelinePlan): void {
  writeFileAtomic(join(plan.report.dir, CONFIG_FILE), planText(plan));
  for (const r of reportedRuns(plan))
    for (const f of runFiles(r.dir))
      writeFileAtomic(join(publishedDir(plan, r), f), readFileSync(join(r.dir, f)));
  for (const f of plan.generatorFidelity ?? [])
    if (existsSync(f.file)) writeFileAtomic(publishedFidelityFile(plan, f), readFileSync(f.file));
}

/**
 * The output-directory rules of an experiment's report directory (util/outputDirectory.ts): it is
 * continued (its report redone, its published runs updated); one from before output markers is
 * recognized by its report.html and published plan; any other directory is refused.
 */
export const EXPERIMENT_OUTPUT: OutputRules = {
  continues: true,
  madeByOlderVersion: isOlderReportDirectory,
  flag: "report directory (a plan's report.dir; central-claim's --results-dir)",
};

export function reportPath(plan: PipelinePlan): string {
  return join(plan.report.dir, REPORT_FILES[0]);
}

export function reportStage(plan: PipelinePlan): Stage {
  return {
    label: `report -> ${reportPath(plan)}`,
    state: () => {
      const html = reportPath(plan);
      const current = existsSync(html) && statSync(html).mtimeMs >= newestInput(plan);
      return current && (!plan.report.publish || publishedPlan(plan) === planText(plan)) ? "done" : "todo";
    },
    run: async ({ board }) => {
      const task = board.add("report", 1, 0);
      claimOutputDirectory(plan.report.dir, "experiment", EXPERIMENT_OUTPUT);
      if (plan.report.publish) publish(plan);
      await writeReport({
        runDirs: reportedRunDirs(plan),
        outDir: plan.report.dir,
        force: true,
        tableSteps: plan.report.tableSteps,
        generatorFidelity: reportedFidelity(plan),
      });
      task.update(1);
      task.finish();
    },
  };
}
