// Refuses a plan that cannot run to its end, before anything is built, with one sentence: runs that
// clash, settings that do not parse, output directories atradiff did not make, files that are neither there nor made by an earlier stage, and
// datasets that are missing and cannot be built on this machine without training a behavior policy.
import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import { parseGeneratorSettings } from "../atradiff/generator/generatorSettings.js";
import { directoryState } from "../atradiff/training/generatorTrainingRun.js";
import { parseSyntherSettings } from "../baselines/synther/syntherSettings.js";
import { parseDatasetName } from "../datasets/datasetNames.js";
import { committedPolicyPath } from "../datasets/projectFiles.js";
import { isOlderRunDirectory } from "../experiments/seeds/jobDirectory.js";
import { decideOutputDirectory } from "../util/outputDirectory.js";
import type { PipelinePlan } from "./pipelinePlan.js";
import { planRunConfig } from "./planRunConfig.js";
import { EXPERIMENT_OUTPUT } from "./reportStage.js";

function duplicate(values: string[]): string | undefined {
  return values.find((v, i) => values.indexOf(v) !== i);
}

/** Why a missing dataset cannot be built from what the project ships, or null when it can. */
function unbuildable(name: string, path: string): string | null {
  const { env, kind } = parseDatasetName(name);
  const build = `\`atradiff dataset build ${name} --train-policy\``;
  if (kind === "medium-replay")
    return `The dataset ${name} is missing (${path}); it is the replay buffer of a SAC training run, so build it first with ${build} (hours).`;
  const policies =
    kind === "medium-expert" ? ["medium", "expert"] : kind === "medium" || kind === "expert" ? [kind] : [];
  for (const p of policies) {
    const policy = committedPolicyPath(env, p as "medium" | "expert");
    if (!existsSync(policy))
      return `The dataset ${name} is missing (${path}) and there is no committed ${env}-${p} behavior policy (${policy}) to build it from; build it first with ${build} (trains SAC, hours), or leave ${env} out of the plan (central-claim: --envs without ${env}).`;
  }
  return null;
}

export function checkPlan(plan: PipelinePlan): void {
  if (plan.runs.length === 0) throw new Error(`The plan ${plan.title} has no training runs.`);
  const runs = [...plan.runs, ...(plan.report.alsoRuns ?? [])];
  const clash = duplicate(runs.map((r) => r.name)) ?? duplicate(runs.map((r) => resolve(r.dir)));
  if (clash !== undefined)
    throw new Error(`Two runs of the plan ${plan.title} share the name or directory ${clash}.`);
  if (plan.parallel !== undefined && (!Number.isInteger(plan.parallel) || plan.parallel < 1))
    throw new Error(`The plan's parallel must be a positive integer, got ${plan.parallel}.`);
  if (plan.report.tableSteps.some((s) => !Number.isInteger(s) || s < 1))
    throw new Error(
      `The report's table steps must be positive integers, got ${plan.report.tableSteps.join(",")}.`,
    );
  const made = new Set<string>();
  const available = (path: string) => made.has(resolve(path)) || existsSync(path);
  for (const d of plan.datasets) {
    if (!existsSync(d.path)) {
      const why = unbuildable(d.name, d.path);
      if (why) throw new Error(why);
    }
    made.add(resolve(d.path));
  }
  const needs = (what: string, path: string, maker: string) => {
    if (!available(path))
      throw new Error(`The ${what} ${path} does not exist and no ${maker} of the plan makes it.`);
  };
  for (const g of plan.generators) {
    needs("dataset", g.dataset, "dataset stage");
    parseGeneratorSettings(g.settings);
    made.add(resolve(g.dir));
  }
  for (const c of plan.generatorCuts ?? []) {
    needs("generator", c.from, "generator stage");
    needs("dataset", c.dataset, "dataset stage");
    made.add(resolve(c.dir));
  }
  for (const f of plan.generatorFidelity ?? []) {
    needs("generator", f.generator, "generator or cut stage");
    needs("dataset", f.dataset, "dataset stage");
  }
  // Published fidelity files go to one directory (reportStage.ts), under their file names.
  const files = (plan.generatorFidelity ?? []).map((f) =>
    plan.report.publish ? basename(f.file) : resolve(f.file),
  );
  const sharedFile = duplicate(files);
  if (sharedFile !== undefined)
    throw new Error(`Two fidelity measurements of the plan ${plan.title} write the same file ${sharedFile}.`);
  for (const s of plan.synther) {
    needs("dataset", s.dataset, "dataset stage");
    parseSyntherSettings(s.settings);
    made.add(resolve(s.file));
  }
  for (const run of plan.runs) {
    const config = planRunConfig(run);
    if (config.dataset !== undefined) needs("dataset", config.dataset, "dataset stage");
    if (config.generator !== undefined) needs("generator", config.generator, "generator stage");
    const pretrained = config.augmentSettings.synther.pretrained;
    if (pretrained !== null) needs("SynthER model", pretrained, "SynthER stage");
  }
  checkPlanOutputs(plan);
}

/**
 * Every directory the plan writes is new, empty or atradiff's own output of its kind
 * (util/outputDirectory.ts): a foreign directory is refused before hours of work, not at its stage.
 */
function checkPlanOutputs(plan: PipelinePlan): void {
  for (const g of plan.generators) directoryState(g.dir);
  for (const c of plan.generatorCuts ?? []) directoryState(c.dir);
  for (const run of plan.runs)
    decideOutputDirectory(run.dir, "run", {
      continues: true,
      madeByOlderVersion: isOlderRunDirectory,
      flag: `directory for the plan's run ${run.name}`,
    });
  decideOutputDirectory(plan.report.dir, "experiment", EXPERIMENT_OUTPUT);
}
