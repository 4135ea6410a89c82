// A dense layer y = act(x W^T + b) with PyTorch's weight layout [out, in]; with `ensemble: E` it is
// E independent layers evaluated as one batched product (weights [E, out, in], bias [E, out]).
import { linear } from "../engine/ops/linear.js";
import type { Activation } from "../engine/ops/opCodes.js";
import type { Rng } from "../engine/rng.js";
import type { Tensor } from "../engine/tensor.js";
import { type InitScheme, initLinear } from "./init.js";
import { Module, parameter } from "./module.js";

export interface LinearOptions {
  inFeatures: number;
  outFeatures: number;
  bias?: boolean;
  activation?: Activation;
  init?: InitScheme;
  /** Number of independent copies (an ensemble of critics); 0 = a plain layer. */
  ensemble?: number;
}

export class Linear extends Module {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly activation: Activation;
  readonly inFeatures: number;
  readonly outFeatures: number;
  readonly ensemble: number;

  constructor(opts: LinearOptions, rng: Rng) {
    super();
    const { inFeatures, outFeatures } = opts;
    if (!Number.isInteger(inFeatures) || !Number.isInteger(outFeatures) || inFeatures < 1 || outFeatures < 1)
      throw new Error(`Linear needs positive integer sizes, got in=${inFeatures}, out=${outFeatures}.`);
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.ensemble = opts.ensemble ?? 0;
    this.activation = opts.activation ?? "identity";
    const e = this.ensemble;
    this.weight = this.registerParameter(
      "weight",
      parameter(e ? [e, outFeatures, inFeatures] : [outFeatures, inFeatures]),
    );
    this.bias =
      opts.bias === false
        ? null
        : this.registerParameter("bias", parameter(e ? [e, outFeatures] : [outFeatures]));
    // Each ensemble member is initialized like an independent layer.
    const scheme = opts.init ?? "torch";
    const w = this.weight.data;
    const b = this.bias?.data ?? null;
    const per = outFeatures * inFeatures;
    for (let i = 0; i < Math.max(e, 1); i++) {
      const bi = b ? b.subarray(i * outFeatures, (i + 1) * outFeatures) : null;
      initLinear(w.subarray(i * per, (i + 1) * per), bi, inFeatures, outFeatures, scheme, rng);
    }
  }

  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias, this.activation);
  }
}
