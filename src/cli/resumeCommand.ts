// `atradiff resume <dir>`: continues every unfinished seed of a training job from its latest
// checkpoint (a seed without one starts over); the result is the same as an uninterrupted run.
import type { Command } from "commander";
import { optionalInt } from "./intOptions.js";
import { runJobSeeds } from "./trainCommand.js";

export function registerResumeCommand(program: Command): void {
  program
    .command("resume")
    .description("continue a stopped or killed `atradiff train` run from its latest checkpoints")
    .argument("<dir>", "the run directory given to train --out")
    .option(
      "--parallel <n>",
      "seeds trained at the same time (default: one per core, or ATRADIFF_THREADS of them)",
    )
    .action(async (dir: string, opts: { parallel?: string }) => {
      const parallel = optionalInt("--parallel", opts.parallel);
      const { jobStatus } = await import("../experiments/seeds/jobDirectory.js");
      const { config, seeds } = jobStatus(dir);
      const unfinished = seeds.filter((s) => !s.finished);
      for (const s of seeds.filter((x) => x.finished)) console.log(`seed ${s.seed}: already finished`);
      if (unfinished.length === 0) {
        console.log(`Every seed of ${dir} has finished; nothing to resume.`);
        return;
      }
      await runJobSeeds(dir, unfinished, config.steps, parallel);
    });
}
