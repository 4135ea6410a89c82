// `atradiff report runs/a [runs/b ...]`: learning curves and score tables over seeds, as one HTML page.
import type { Command } from "commander";
import { intList } from "./intOptions.js";

export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description(
      "learning curves (median and 25-75% band over seeds) and score tables of training runs: report.html, curves.svg, curves.png, scores.md, scores.json, metrics.csv",
    )
    .argument("<runs...>", "run directories written by `atradiff train`")
    .option("--out <dir>", "where to write the report (default: the first run directory)")
    .option(
      "--table-steps <list>",
      "env steps of the score table's columns, shown when reached",
      "25000,50000,100000,250000",
    )
    .option("--force", "overwrite an existing report")
    .action(async (runs: string[], opts: { out?: string; tableSteps: string; force?: boolean }) => {
      const tableSteps = intList("--table-steps", opts.tableSteps);
      const { writeReport } = await import("../experiments/report/writeReport.js");
      const r = await writeReport({
        runDirs: runs,
        outDir: opts.out,
        force: Boolean(opts.force),
        tableSteps,
      });
      for (const c of r.curves)
        console.log(
          `${c.env.padEnd(12)} ${c.method.padEnd(24)} ${c.seeds.length} seed(s), ${c.points.length} evaluation steps`,
        );
      console.log(`wrote ${r.files.join(", ")}`);
    });
}
