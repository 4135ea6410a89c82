// A plan's stages in the order they depend on each other: datasets, generators, generator cuts,
// the generators' simulator fidelity, SynthER models, the training runs (in one pool of workers), the report. Runs marked `later` train
// in a second pool after a first report, so the main runs' results are out before them.
import { datasetStage } from "./datasetStage.js";
import { generatorCutStage } from "./generatorCutStage.js";
import { generatorFidelityStage } from "./generatorFidelityStage.js";
import { generatorStage } from "./generatorStage.js";
import type { PipelinePlan } from "./pipelinePlan.js";
import { reportStage } from "./reportStage.js";
import type { Stage } from "./stage.js";
import { syntherStage } from "./syntherStage.js";
import { trainingStage } from "./trainingStage.js";

/** `force` (`atradiff experiment --force`): replace runs and generators of other settings that atradiff made. */
export function planStages(plan: PipelinePlan, force = false): Stage[] {
  return [
    ...plan.datasets.map(datasetStage),
    ...plan.generators.map((g) => generatorStage(g, force)),
    ...(plan.generatorCuts ?? []).map(generatorCutStage),
    ...(plan.generatorFidelity ?? []).map(generatorFidelityStage),
    ...plan.synther.map(syntherStage),
    ...trainingAndReport(plan, force),
  ];
}

function trainingAndReport(plan: PipelinePlan, force: boolean): Stage[] {
  const first = plan.runs.filter((r) => !r.later);
  const later = plan.runs.filter((r) => r.later);
  if (first.length === 0 || later.length === 0)
    return [trainingStage(plan.runs, plan.parallel, force), reportStage(plan)];
  return [
    trainingStage(first, plan.parallel, force),
    reportStage(plan),
    trainingStage(later, plan.parallel, force),
    reportStage(plan),
  ];
}
