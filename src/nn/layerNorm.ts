// LayerNorm over the last axis with learnable gain and bias (gain 1, bias 0 at start), one per
// ensemble member when `ensemble` is set (RLPD's critics).
import { layerNorm } from "../engine/ops/layerNorm.js";
import type { Tensor } from "../engine/tensor.js";
import { Module, parameter } from "./module.js";

export class LayerNorm extends Module {
  readonly weight: Tensor | null;
  readonly bias: Tensor | null;
  /** Added to the variance before the square root. */
  readonly eps: number;

  constructor(
    readonly features: number,
    opts: { ensemble?: number; elementwiseAffine?: boolean; eps?: number } = {},
  ) {
    super();
    this.eps = opts.eps ?? 1e-5;
    const shape = opts.ensemble ? [opts.ensemble, features] : [features];
    if (opts.elementwiseAffine === false) {
      this.weight = null;
      this.bias = null;
    } else {
      this.weight = this.registerParameter("weight", parameter(shape));
      this.weight.data.fill(1);
      this.bias = this.registerParameter("bias", parameter(shape));
    }
  }

  forward(x: Tensor): Tensor {
    return layerNorm(x, this.weight, this.bias, this.eps);
  }
}
