// Copies a diffusion trainer's whole training state (weights, EMA weights, Adam moments and step
// counts) into another of the same shape: a resumed ATraDiff run loads the original generator (its
// frozen copy must be the original, §4.3) and then puts the adapted diffusers' state into it.
import type { DiffusionTrainer } from "../../diffusion/diffusionTrainer.js";

export function copyTrainerState(target: DiffusionTrainer, source: DiffusionTrainer): void {
  if (target.dataDim !== source.dataDim || target.conditionDim !== source.conditionDim)
    throw new Error(
      `Cannot copy a diffuser of rows ${source.dataDim} / conditions ${source.conditionDim} into one of ${target.dataDim} / ${target.conditionDim}.`,
    );
  target.model.copyFrom(source.model);
  target.emaModel.copyFrom(source.emaModel);
  const theirs = source.optimizer.stateTensors();
  for (const [name, t] of target.optimizer.stateTensors()) {
    const s = theirs.get(name);
    if (!s || s.size !== t.size) throw new Error(`The saved diffuser lacks optimizer state "${name}".`);
    t.copyFrom(s);
  }
  target.stepCount = source.stepCount;
  target.optimizer.stepCount = source.optimizer.stepCount;
  target.optimizer.lr = source.optimizer.lr;
}
