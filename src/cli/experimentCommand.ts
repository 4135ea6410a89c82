// `atradiff experiment central-claim | <plan.json>`: a whole experiment as one resumable pipeline
// (datasets, generators, training runs, report; pipeline/). central-claim is the paper's
// online claim on hopper and walker2d (centralClaimPlan.ts); a JSON file is a user's own plan.
import type { Command } from "commander";
import { MAX_SEED } from "../settings/types.js";
import { intList, optionalInt } from "./intOptions.js";
import { runPlanCommand } from "./planCommandRun.js";

interface ExperimentOptions {
  seeds?: string;
  envs?: string;
  steps?: string;
  parallel?: string;
  syntherPretrain?: boolean;
  runsDir?: string;
  resultsDir?: string;
  force?: boolean;
}

function seedList(text: string): number[] {
  const seeds = intList("--seeds", text, { min: 0, max: MAX_SEED });
  if (new Set(seeds).size !== seeds.length)
    throw new Error(`--seeds must be a comma-separated list of distinct seeds, got "${text}".`);
  return seeds;
}

export function registerExperimentCommand(program: Command): void {
  program
    .command("experiment")
    .description(
      "run an experiment end to end, resumably (rerun to continue): central-claim (SAC, SAC+ATraDiff, SAC+SynthER on hopper- and walker2d-medium, 100k steps; many CPU-hours) or a plan JSON file",
    )
    .argument("<name>", "central-claim, or a plan file (.json) shaped like pipeline/pipelinePlan.ts")
    .option("--seeds <list>", "central-claim: seeds (default 0,1,2; the paper uses 5)")
    .option(
      "--envs <list>",
      "central-claim: the envs trained, hopper, walker2d or both (default hopper,walker2d); the report shows both",
    )
    .option("--steps <n>", "central-claim: env steps per run (default 100000)")
    .option("--synther-pretrain", "central-claim: pre-train SynthER on the dataset before its online runs")
    .option("--runs-dir <dir>", "central-claim: where runs and models go (default runs/central-claim)")
    .option(
      "--results-dir <dir>",
      "central-claim: report and published metrics (default results/central-claim)",
    )
    .option(
      "--parallel <n>",
      "seed runs trained at the same time (default: one per core, or ATRADIFF_THREADS of them)",
    )
    .option(
      "--force",
      "replace runs and generators that atradiff made with other settings than the plan's (never directories atradiff did not make)",
    )
    .action(async (name: string, opts: ExperimentOptions) => {
      const parallel = optionalInt("--parallel", opts.parallel);
      if (name.endsWith(".json")) {
        const flags = (
          ["seeds", "envs", "steps", "syntherPretrain", "runsDir", "resultsDir"] as const
        ).filter((k) => opts[k] !== undefined);
        if (flags.length > 0)
          throw new Error(
            `Options like --${flags[0].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} are for central-claim; a plan file holds its own settings.`,
          );
        const { readPlanFile } = await import("../pipeline/readPlanFile.js");
        const plan = readPlanFile(name);
        await runPlanCommand(
          { ...plan, parallel: parallel ?? plan.parallel },
          `atradiff experiment ${name}`,
          Boolean(opts.force),
        );
        return;
      }
      if (name !== "central-claim")
        throw new Error(
          `Unknown experiment "${name}"; expected central-claim or a plan file ending in .json.`,
        );
      const { centralClaimPlan } = await import("../pipeline/centralClaimPlan.js");
      const plan = centralClaimPlan({
        seeds: opts.seeds === undefined ? undefined : seedList(opts.seeds),
        envs: opts.envs?.split(",").map((e) => e.trim()),
        steps: optionalInt("--steps", opts.steps),
        parallel,
        syntherPretrain: opts.syntherPretrain,
        runsDir: opts.runsDir,
        resultsDir: opts.resultsDir,
      });
      await runPlanCommand(
        plan,
        "atradiff experiment central-claim (with the same options)",
        Boolean(opts.force),
      );
    });
}
