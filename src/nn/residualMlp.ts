// SynthER's residual MLP (Lu et al. 2023), the body of the diffusion denoisers:
// Linear(in, width); L blocks x + Linear(act(x)); act; Linear(width, out).
// SynthER's published blocks (synther/diffusion/denoiser_network.py, ResidualBlock with
// layer_norm=False in its configs) have no LayerNorm; the option `blockLayerNorm` puts one at each
// block's input, x + Linear(act(LayerNorm(x))), as this project's blocks always had. Neither was
// better throughout (results/denoiser-architecture.md), so the denoiser settings keep it on.
import { add } from "../engine/ops/elementwise.js";
import type { Activation } from "../engine/ops/opCodes.js";
import { unary } from "../engine/ops/unary.js";
import type { Rng } from "../engine/rng.js";
import type { Tensor } from "../engine/tensor.js";
import type { InitScheme } from "./init.js";
import { LayerNorm } from "./layerNorm.js";
import { Linear } from "./linear.js";
import { Module } from "./module.js";

function activate(act: Activation, h: Tensor): Tensor {
  return act === "identity" ? h : unary(act, h);
}

/** x + Linear(act(x)), or with `layerNorm` x + Linear(act(LayerNorm(x))). */
export class ResidualBlock extends Module {
  readonly norm: LayerNorm | null;
  readonly linear: Linear;

  constructor(
    width: number,
    private readonly activation: Activation,
    rng: Rng,
    init: InitScheme = "torch",
    layerNorm = true,
  ) {
    super();
    this.norm = layerNorm ? this.registerModule("norm", new LayerNorm(width)) : null;
    this.linear = this.registerModule(
      "linear",
      new Linear({ inFeatures: width, outFeatures: width, init }, rng),
    );
  }

  forward(x: Tensor): Tensor {
    const h = this.norm ? this.norm.forward(x) : x;
    return add(x, this.linear.forward(activate(this.activation, h)));
  }
}

export interface ResidualMlpOptions {
  inFeatures: number;
  outFeatures: number;
  width: number;
  /** Number of residual blocks (SynthER: 6). */
  depth: number;
  activation?: Activation;
  /** LayerNorm before the output layer (SynthER: off). */
  finalLayerNorm?: boolean;
  /** LayerNorm at each block's input (SynthER: off; default on, this project's earlier blocks). */
  blockLayerNorm?: boolean;
  init?: InitScheme;
}

export class ResidualMLP extends Module {
  readonly input: Linear;
  readonly blocks: ResidualBlock[] = [];
  readonly finalNorm: LayerNorm | null;
  readonly output: Linear;
  private readonly activation: Activation;

  constructor(opts: ResidualMlpOptions, rng: Rng) {
    super();
    this.activation = opts.activation ?? "relu";
    this.input = this.registerModule(
      "input",
      new Linear({ inFeatures: opts.inFeatures, outFeatures: opts.width, init: opts.init }, rng),
    );
    for (let i = 0; i < opts.depth; i++)
      this.blocks.push(
        this.registerModule(
          `blocks.${i}`,
          new ResidualBlock(opts.width, this.activation, rng, opts.init, opts.blockLayerNorm ?? true),
        ),
      );
    this.finalNorm = opts.finalLayerNorm ? this.registerModule("finalNorm", new LayerNorm(opts.width)) : null;
    this.output = this.registerModule(
      "output",
      new Linear({ inFeatures: opts.width, outFeatures: opts.outFeatures, init: opts.init }, rng),
    );
  }

  forward(x: Tensor): Tensor {
    let h = this.input.forward(x);
    for (const b of this.blocks) h = b.forward(h);
    if (this.finalNorm) h = this.finalNorm.forward(h);
    return this.output.forward(activate(this.activation, h));
  }
}
