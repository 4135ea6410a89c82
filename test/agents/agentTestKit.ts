// Helpers for the agent tests: random batches, and networks set to known outputs.
import { allocBatch, type Batch } from "../../src/data/batch.js";
import type { Rng } from "../../src/engine/rng.js";
import type { MLP } from "../../src/nn/mlp.js";

export function randomBatch(rng: Rng, size: number, obsDim: number, actDim: number): Batch {
  const b = allocBatch(size, obsDim, actDim);
  rng.fillGaussian(b.obs);
  rng.fillGaussian(b.nextObs);
  rng.fillUniform(b.action, -1, 1);
  rng.fillGaussian(b.reward);
  for (let i = 0; i < size; i++) b.terminal[i] = rng.uniform() < 0.3 ? 1 : 0;
  return b;
}

/**
 * Zeroes every weight and bias of an MLP, then sets the output layer's bias so that the network
 * outputs `outputs[member]` (a row of output values) whatever its input. LayerNorm of an all-zero
 * hidden layer gives its bias (0), so this holds with LayerNorm too.
 */
export function setConstantOutput(mlp: MLP, outputs: number[][]): void {
  for (const layer of mlp.layers) {
    layer.weight.data.fill(0);
    layer.bias?.data.fill(0);
  }
  const last = mlp.layers[mlp.layers.length - 1];
  const bias = last.bias!.data;
  const width = outputs[0].length;
  if (bias.length !== outputs.length * width)
    throw new Error(
      `setConstantOutput: the output bias has ${bias.length} values, not ${outputs.length} x ${width}.`,
    );
  outputs.forEach((row, m) => bias.set(row, m * width));
}
