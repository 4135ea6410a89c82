// One step of least-squares regression: the MSE of a network's output against targets, its gradient,
// and one optimizer step (the length estimator's and the plausibility gate's training).
import { mse } from "../engine/ops/loss.js";
import { Tensor, tidy } from "../engine/tensor.js";
import type { Adam } from "./adam.js";
import type { Module } from "./module.js";

/** Returns the loss; a non-finite loss is returned as it is (the caller names the setting to change). */
export function regressionStep(
  network: Module & { forward(x: Tensor): Tensor },
  optimizer: Adam,
  input: { data: Float32Array; shape: number[] },
  target: { data: Float32Array; shape: number[] },
): number {
  return tidy(() => {
    const pred = network.forward(Tensor.fromArray(input.data, input.shape));
    const l = mse(pred, Tensor.fromArray(target.data, target.shape));
    optimizer.zeroGrad();
    l.backward();
    optimizer.step();
    return l.item();
  });
}
