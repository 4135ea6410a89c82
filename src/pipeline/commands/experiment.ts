// `atradiff experiment central-claim | <plan.json>`: a whole experiment as one resumable pipeline
// (datasets, generators, training runs, report). central-claim is the paper's online claim on
// hopper and walker2d (centralClaimPlan.ts); a JSON file is a user's own plan.
import { centralClaimPlan } from "../centralClaimPlan.js";
import { readPlanFile } from "../readPlanFile.js";
import { runPlanCommand } from "./runPlan.js";

export interface ExperimentCommandOptions {
  seeds?: number[];
  envs?: string;
  steps?: number;
  parallel?: number;
  syntherPretrain?: boolean;
  runsDir?: string;
  resultsDir?: string;
  force?: boolean;
}

function distinctSeeds(seeds: number[]): number[] {
  if (new Set(seeds).size !== seeds.length)
    throw new Error(`--seeds must be a comma-separated list of distinct seeds, got "${seeds.join(",")}".`);
  return seeds;
}

export async function experimentCommand(opts: ExperimentCommandOptions, [name]: string[]): Promise<void> {
  const { parallel } = opts;
  if (name.endsWith(".json")) {
    const flags = (["seeds", "envs", "steps", "syntherPretrain", "runsDir", "resultsDir"] as const).filter(
      (k) => opts[k] !== undefined,
    );
    if (flags.length > 0)
      throw new Error(
        `Options like --${flags[0].replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)} are for central-claim; a plan file holds its own settings.`,
      );
    const plan = readPlanFile(name);
    await runPlanCommand(
      { ...plan, parallel: parallel ?? plan.parallel },
      `atradiff experiment ${name}`,
      Boolean(opts.force),
    );
    return;
  }
  if (name !== "central-claim")
    throw new Error(`Unknown experiment "${name}"; expected central-claim or a plan file ending in .json.`);
  const plan = centralClaimPlan({
    seeds: opts.seeds === undefined ? undefined : distinctSeeds(opts.seeds),
    envs: opts.envs?.split(",").map((e) => e.trim()),
    steps: opts.steps,
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
}
