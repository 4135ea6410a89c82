// `atradiff train`: validates the flags into a job config (jobConfig.ts), creates the run directory
// (never over an existing one without --force), trains every seed in its own worker process and
// ends by naming the run directory and the command that draws its learning curves.
import { decideOutputDirectory } from "../../util/outputDirectory.js";
import { randomStartWarning } from "../job/runConfig.js";
import { createJob, runOutputRules } from "../seeds/jobDirectory.js";
import { jobConfig, type TrainJobOptions } from "./jobConfig.js";
import { runJobSeeds } from "./runJobSeeds.js";

export interface TrainCommandOptions extends TrainJobOptions {
  out: string;
  parallel?: number;
}

export async function trainCommand(opts: TrainCommandOptions): Promise<void> {
  const { out, parallel } = opts;
  // A refused directory is reported before minutes of checks, and again (raced) by createJob.
  decideOutputDirectory(out, "run", runOutputRules(out, opts.force));
  const config = await jobConfig(opts);
  const warning = randomStartWarning(config);
  if (warning !== null) console.error(`warning: ${warning}`);
  const jobs = createJob(out, config, { force: opts.force });
  const seeds = jobs.map((j) => ({ ...j, step: 0, finished: false }));
  await runJobSeeds(out, seeds, config.steps, parallel);
  console.log(`The run is in ${out}; draw its learning curves with \`atradiff report ${out}\`.`);
}
