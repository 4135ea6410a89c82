// A multilayer perceptron: hidden Linear layers, each followed by an activation (optionally with
// LayerNorm between the two, as in RLPD's critics), then an output Linear layer. Works as an
// ensemble too.
import type { Activation } from "../engine/ops/opCodes.js";
import { unary } from "../engine/ops/unary.js";
import type { Rng } from "../engine/rng.js";
import type { Tensor } from "../engine/tensor.js";
import type { InitScheme } from "./init.js";
import { LayerNorm } from "./layerNorm.js";
import { Linear } from "./linear.js";
import { Module } from "./module.js";

export interface MlpOptions {
  /** Layer widths, input first, output last: e.g. [obsDim, 256, 256, 1]. */
  sizes: number[];
  activation?: Activation;
  outputActivation?: Activation;
  /** LayerNorm after each hidden dense layer, before the activation (RLPD). */
  layerNorm?: boolean;
  init?: InitScheme;
  ensemble?: number;
}

export class MLP extends Module {
  readonly layers: Linear[] = [];
  readonly norms: LayerNorm[] = [];
  private readonly activation: Activation;

  constructor(opts: MlpOptions, rng: Rng) {
    super();
    const { sizes } = opts;
    if (sizes.length < 2)
      throw new Error(`An MLP needs at least an input and an output size, got [${sizes.join(", ")}].`);
    this.activation = opts.activation ?? "relu";
    const hidden = sizes.length - 2;
    for (let i = 0; i + 1 < sizes.length; i++) {
      const isOutput = i === hidden;
      // With LayerNorm the activation is applied after the norm, so the Linear stays linear.
      const act: Activation = isOutput
        ? (opts.outputActivation ?? "identity")
        : opts.layerNorm
          ? "identity"
          : this.activation;
      const layer = new Linear(
        {
          inFeatures: sizes[i],
          outFeatures: sizes[i + 1],
          activation: act,
          init: opts.init,
          ensemble: opts.ensemble,
        },
        rng,
      );
      this.layers.push(this.registerModule(`layers.${i}`, layer));
      if (!isOutput && opts.layerNorm)
        this.norms.push(
          this.registerModule(`norms.${i}`, new LayerNorm(sizes[i + 1], { ensemble: opts.ensemble })),
        );
    }
  }

  forward(x: Tensor): Tensor {
    let h = x;
    this.layers.forEach((layer, i) => {
      h = layer.forward(h);
      if (i < this.norms.length) {
        h = this.norms[i].forward(h);
        h = activate(this.activation, h);
      }
    });
    return h;
  }
}

function activate(act: Activation, h: Tensor): Tensor {
  return act === "identity" ? h : unary(act, h);
}
