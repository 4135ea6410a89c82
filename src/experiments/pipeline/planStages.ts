// A plan's stages in the order they depend on each other: datasets, generators, generator cuts,
// SynthER models, the training runs (all in one pool of workers), the report.
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
    trainingStage(plan.runs, plan.parallel),
    reportStage(plan),
  ];
}
