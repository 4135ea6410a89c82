// SynthER's time (noise-level) embedding: t and fixed random Fourier features
// [t, sin(2 pi t w), cos(2 pi t w)] with w ~ N(0, 1), then Linear -> SiLU -> Linear.
// The frequencies are a saved, untrained buffer; no gradient flows into t.
import type { Rng } from "../engine/rng.js";
import { Tensor } from "../engine/tensor.js";
import { Linear } from "./linear.js";
import { Module } from "./module.js";

export class RandomFourierEmbedding extends Module {
  readonly frequencies: Tensor;
  readonly hidden: Linear;
  readonly output: Linear;

  constructor(
    readonly outFeatures: number,
    rng: Rng,
    readonly numFrequencies = 8,
  ) {
    super();
    this.frequencies = this.registerBuffer("frequencies", Tensor.randn([numFrequencies], rng));
    const featureCount = 1 + 2 * numFrequencies;
    this.hidden = this.registerModule(
      "hidden",
      new Linear({ inFeatures: featureCount, outFeatures, activation: "silu" }, rng),
    );
    this.output = this.registerModule("output", new Linear({ inFeatures: outFeatures, outFeatures }, rng));
  }

  /** The fixed features [t, sin(2 pi t w), cos(2 pi t w)] for each t: [t.length, 1 + 2F]. */
  features(t: ArrayLike<number>): Tensor {
    const f = this.numFrequencies;
    const w = this.frequencies.data;
    const out = Tensor.empty([t.length, 1 + 2 * f]);
    const d = out.data;
    for (let i = 0; i < t.length; i++) {
      const row = i * (1 + 2 * f);
      d[row] = t[i];
      for (let j = 0; j < f; j++) {
        const angle = 2 * Math.PI * t[i] * w[j];
        d[row + 1 + j] = Math.sin(angle);
        d[row + 1 + f + j] = Math.cos(angle);
      }
    }
    return out;
  }

  forward(t: ArrayLike<number>): Tensor {
    return this.output.forward(this.hidden.forward(this.features(t)));
  }
}
