// `atradiff report runs/a [runs/b ...]`: learning curves and score tables over seeds, as one HTML
// page and its files; prints what each curve holds and the files written.
import { writeReport } from "../report/writeReport.js";

export interface ReportCommandOptions {
  out?: string;
  tableSteps: number[];
  force?: boolean;
  tensorboard?: boolean;
}

export async function reportCommand(opts: ReportCommandOptions, runs: string[]): Promise<void> {
  const r = await writeReport({
    runDirs: runs,
    outDir: opts.out,
    force: Boolean(opts.force),
    tableSteps: opts.tableSteps,
    tensorboard: Boolean(opts.tensorboard),
  });
  for (const c of r.curves)
    console.log(
      `${c.env.padEnd(12)} ${c.method.padEnd(24)} ${c.seeds.length} seed(s), ${c.points.length} evaluation steps`,
    );
  console.log(`wrote ${r.files.join(", ")}`);
}
