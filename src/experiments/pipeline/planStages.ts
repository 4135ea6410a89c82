// A plan's stages in the order they depend on each other: datasets, generators, generator cuts,
// SynthER models, the training runs (in one pool of workers; the runs marked `later` in a second
// one after it), the report.
import { datasetStage } from "./datasetStage.js";
import { generatorCutStage } from "./generatorCutStage.js";
import { generatorStage } from "./generatorStage.js";
import type { PipelinePlan } from "./pipelinePlan.js";
import { reportStage } from "./reportStage.js";
import type { Stage } from "./stage.js";
import { syntherStage } from "./syntherStage.js";
import { trainingStage } from "./trainingStage.js";

export function planStages(plan: PipelinePlan): Stage[] {
  return [
    ...plan.datasets.map(datasetStage),
    ...plan.generators.map(generatorStage),
    ...(plan.generatorCuts ?? []).map(generatorCutStage),
    ...plan.synther.map(syntherStage),
    ...[plan.runs.filter((r) => !r.later), plan.runs.filter((r) => r.later)]
      .filter((runs) => runs.length > 0)
      .map((runs) => trainingStage(runs, plan.parallel)),
    reportStage(plan),
  ];
}
