// `atradiff demo` (`npm start`): the headline demo, SAC and SAC+ATraDiff side by side on hopper
// (pipeline/demoPlan.ts), resumable: run it again after Ctrl-C and it continues.
import type { Command } from "commander";
import { optionalInt } from "./intOptions.js";
import { runPlanCommand } from "./planCommandRun.js";

export function registerDemoCommand(program: Command): void {
  program
    .command("demo")
    .description(
      "the headline demo (npm start, ~10 min on 2 free cores): builds a small hopper-medium dataset and ATraDiff generator, trains SAC and SAC+ATraDiff (3 seeds, 25k steps) side by side, writes a report; rerun to continue after Ctrl-C",
    )
    .option("--out <dir>", "where the dataset, generator, runs and report go (default: <data dir>/demo)")
    .option(
      "--parallel <n>",
      "seed runs trained at the same time (default: one per core, or ATRADIFF_THREADS of them)",
    )
    .option(
      "--force",
      "replace runs and generators that atradiff made with other settings than the demo's (never directories atradiff did not make)",
    )
    .action(async (opts: { out?: string; parallel?: string; force?: boolean }) => {
      const parallel = optionalInt("--parallel", opts.parallel);
      const { demoPlan } = await import("../pipeline/demoPlan.js");
      const plan = demoPlan({ root: opts.out, parallel });
      await runPlanCommand(
        plan,
        opts.out ? `atradiff demo --out ${opts.out}` : "npm start",
        Boolean(opts.force),
      );
    });
}
