// The frozen copy of the original diffuser (ATraDiff §4.3: "we keep a copy of the original version
// of the diffuser to mitigate potential catastrophic forgetting"): the denoiser's weights as they
// were before any adaptation, never trained; fine-tuning pulls the adapted weights back toward them
// (fineTuneStep.ts).
import { createDenoiser, type Denoiser } from "../../diffusion/denoiser.js";
import type { DiffusionTrainer } from "../../diffusion/diffusionTrainer.js";
import { Rng } from "../../engine/rng.js";
import type { Tensor } from "../../engine/tensor.js";

export class FrozenDiffuser {
  readonly network: Denoiser;
  private readonly weights: Map<string, Tensor>;

  constructor(trainer: DiffusionTrainer) {
    this.network = createDenoiser(
      { dataDim: trainer.dataDim, conditionDim: trainer.conditionDim, tokenWidth: trainer.tokenWidth },
      trainer.settings.denoiser,
      new Rng(0), // overwritten at once by the copy
    );
    this.network.copyFrom(trainer.model);
    for (const p of this.network.parameters()) p.requiresGrad = false;
    this.weights = new Map(this.network.namedParameters());
  }

  weight(name: string): Tensor {
    const t = this.weights.get(name);
    if (!t) throw new Error(`The frozen diffuser has no weight named "${name}".`);
    return t;
  }

  dispose(): void {
    this.network.dispose();
  }
}
