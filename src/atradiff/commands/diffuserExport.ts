// `atradiff diffuser export`: a trained generator for sampling only. Each diffuser keeps its EMA
// weights (what sampling uses) without the training weights and Adam's two moments, about a
// quarter of the size (results/generator.md, "Checkpoints"). The exported generator
// samples exactly like the original; `diffuser train` keeps the full state for resuming.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { closeEngine, initEngine } from "../../engine/runtime.js";
import { loadGenerator, saveGenerator } from "../generator/generatorCheckpoint.js";
import { checkGeneratorOutput } from "../training/generatorTrainingRun.js";

function directoryBytes(dir: string): number {
  return readdirSync(dir).reduce((n, f) => n + statSync(join(dir, f)).size, 0);
}

export async function diffuserExport(o: { checkpoint: string; out: string; force?: boolean }): Promise<void> {
  checkGeneratorOutput(o.out, Boolean(o.force));
  await initEngine();
  try {
    const generator = loadGenerator(o.checkpoint);
    try {
      saveGenerator(generator, o.out, { samplingOnly: true });
    } finally {
      generator.dispose();
    }
    const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
    console.log(
      `wrote ${o.out}: ${mb(directoryBytes(o.out))} MB for sampling (the training checkpoint ${o.checkpoint}: ${mb(directoryBytes(o.checkpoint))} MB)`,
    );
  } finally {
    await closeEngine();
  }
}
