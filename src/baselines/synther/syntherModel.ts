// A trained SynthER model: the transition diffusion model and how to cut its rows into a Batch.
import type { Batch } from "../../data/batch.js";
import { DiffusionTrainer } from "../../diffusion/diffusionTrainer.js";
import type { Rng } from "../../engine/rng.js";
import { loadCheckpoint, saveCheckpoint } from "../../nn/checkpoint.js";
import { readSafetensorsMetadata } from "../../nn/safetensorsFile.js";
import { rowsToBatch } from "./transitionRows.js";

const KIND = "synther";

export interface SyntherLayout {
  obsDim: number;
  actDim: number;
  modelTerminals: boolean;
  terminalThreshold: number;
}

export class SyntherModel {
  constructor(
    readonly diffusion: DiffusionTrainer,
    readonly layout: SyntherLayout,
  ) {}

  /**
   * n synthetic transitions from the EMA weights (SynthER's SimpleDiffusionGenerator), with
   * `steps` sampler steps (default: the edm.sampleSteps setting, 128).
   */
  generateTransitions(n: number, rng: Rng, opts: { steps?: number } = {}): Batch {
    const { obsDim, actDim, modelTerminals, terminalThreshold } = this.layout;
    const rows = this.diffusion.sample(n, { rng, steps: opts.steps });
    return rowsToBatch(rows, obsDim, actDim, modelTerminals, terminalThreshold);
  }

  save(path: string): void {
    saveCheckpoint(path, this.diffusion.toCheckpoint({ kind: KIND, layout: JSON.stringify(this.layout) }));
  }

  static load(path: string): SyntherModel {
    const metadata = readSafetensorsMetadata(path);
    if (metadata.kind !== KIND) throw new Error(`${path} is not a SynthER model checkpoint.`);
    const layout = JSON.parse(metadata.layout) as SyntherLayout;
    return new SyntherModel(loadCheckpoint(path, DiffusionTrainer.fromCheckpoint), layout);
  }

  dispose(): void {
    this.diffusion.dispose();
  }
}
