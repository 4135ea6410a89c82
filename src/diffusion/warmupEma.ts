// The exponential moving average of the denoiser's weights that SynthER samples from: ema_pytorch's
// EMA (beta 0.995, update_every 10), including its warm-up, which matters for short runs:
// - update k (counted from 0, once per optimizer step) acts only when k % every == 0;
// - while k <= startStep it copies the weights (and the first update after that copies too);
// - later it moves toward the weights with decay min(beta, 1 - (1 + e / invGamma)^-power),
//   e = k - startStep.
// Stateless given the step count, so a checkpoint needs only the EMA weights and the step.
import { engine } from "../engine/engineInstance.js";
import type { Module } from "../nn/module.js";
import type { DiffusionTrainingSettings } from "./diffusionSettings.js";

type EmaSettings = Pick<
  DiffusionTrainingSettings,
  "emaDecay" | "emaEvery" | "emaStartStep" | "emaPower" | "emaInvGamma"
>;

/** What the EMA does after the optimizer step numbered `completedSteps` (1, 2, ...). */
export function emaActionAt(completedSteps: number, s: EmaSettings): "skip" | "copy" | number {
  const k = completedSteps - 1;
  if (k % s.emaEvery !== 0) return "skip";
  if (k <= s.emaStartStep) return "copy";
  const firstAfterStart = (Math.floor(s.emaStartStep / s.emaEvery) + 1) * s.emaEvery;
  if (k === firstAfterStart) return "copy";
  const epoch = k - s.emaStartStep;
  return Math.min(s.emaDecay, Math.max(0, 1 - (1 + epoch / s.emaInvGamma) ** -s.emaPower));
}

/** Updates `average` (same structure as `model`) after an optimizer step. Buffers are copied. */
export function updateEma(average: Module, model: Module, completedSteps: number, s: EmaSettings): void {
  const action = emaActionAt(completedSteps, s);
  if (action === "skip") return;
  const src = model.stateDict();
  const k = engine().kernels;
  for (const [name, t] of average.stateDict()) {
    const from = src.get(name);
    if (!from || from.size !== t.size) throw new Error(`The EMA model has no tensor "${name}" in the model.`);
    if (action === "copy" || !from.requiresGrad) t.copyFrom(from);
    else k.lerpInto(t.ptr, from.ptr, t.size, 1 - action);
  }
}
