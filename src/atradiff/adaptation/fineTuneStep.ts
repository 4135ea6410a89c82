// One fine-tuning step of a window diffuser during online adaptation (ATraDiff §4.3): the EDM
// training step of DiffusionTrainer.step (same loss, normalizers, optimizer, gradient clipping and
// EMA), with two differences:
// - the learning rate is the adaptation's own: DiffusionTrainer.step takes it from the pre-training
//   cosine schedule, which has decayed to 0 once pre-training is over;
// - against catastrophic forgetting, each weight is then pulled a fraction `anchorPull` of the way
//   back to the frozen copy of the original diffuser (a decoupled L2 penalty toward it).
import type { DiffusionStepStats, DiffusionTrainer } from "../../diffusion/diffusionTrainer.js";
import { drawTrainingNoise, edmLoss } from "../../diffusion/edmLoss.js";
import { updateEma } from "../../diffusion/warmupEma.js";
import type { Rng } from "../../engine/rng.js";
import { engine } from "../../engine/runtime.js";
import { tidy } from "../../engine/tensor.js";
import type { FrozenDiffuser } from "./frozenDiffuser.js";

export interface FineTuneStepOptions {
  lr: number;
  /** Draws the training noise. */
  rng: Rng;
  frozen: FrozenDiffuser | null;
  anchorPull: number;
}

export function fineTuneStep(
  trainer: DiffusionTrainer,
  rows: Float32Array,
  condition: Float32Array | null,
  o: FineTuneStepOptions,
): DiffusionStepStats {
  const d = trainer.dataDim;
  const batch = rows.length / d;
  const clean = trainer.normalizer ? trainer.normalizer.normalize(rows) : rows;
  const cond =
    condition && trainer.conditionNormalizer ? trainer.conditionNormalizer.normalize(condition) : condition;
  const draws = drawTrainingNoise(batch, d, trainer.settings.edm, o.rng);
  trainer.optimizer.lr = o.lr;
  trainer.optimizer.zeroGrad();
  const loss = tidy(() => {
    const l = edmLoss(trainer.model, clean, cond, draws, trainer.settings.edm.sigmaData, trainer.givenMask);
    l.backward();
    return l.item();
  });
  if (!Number.isFinite(loss))
    throw new Error(`Adapting the diffuser diverged: the loss is ${loss}; lower the adaptation lr.`);
  const gradNorm = trainer.optimizer.step();
  if (o.frozen && o.anchorPull > 0) {
    const k = engine().kernels;
    for (const [name, p] of trainer.model.namedParameters())
      k.lerpInto(p.ptr, o.frozen.weight(name).ptr, p.size, o.anchorPull);
  }
  trainer.stepCount++;
  updateEma(trainer.emaModel, trainer.model, trainer.stepCount, trainer.settings.training);
  return { loss, gradNorm, lr: o.lr };
}
