// SynthER's denoiser network F (Lu et al. 2023, ResidualMLPDenoiser):
//   h = Linear(d_in + d_cond, dim_t)([x, c]) + time_mlp(t)
//   F = ResidualMLP(dim_t -> width, L blocks -> d_out)(h)
// where time_mlp is the random-Fourier embedding [t, sin(2 pi t w), cos(2 pi t w)] -> Linear -> SiLU
// -> Linear, and t is EDM's c_noise(sigma). The condition c (e.g. a window's first state and a
// task prompt) is concatenated to the (already c_in-scaled) input, as in SynthER.
import { add } from "../engine/ops/elementwise.js";
import type { Rng } from "../engine/rng.js";
import { fmtShape, type Tensor } from "../engine/tensor.js";
import { RandomFourierEmbedding } from "../nn/fourierEmbedding.js";
import { Linear } from "../nn/linear.js";
import { Module } from "../nn/module.js";
import { ResidualMLP } from "../nn/residualMlp.js";
import type { DenoiserSettings } from "./diffusionSettings.js";

export interface DenoiserShape {
  /** Columns of a data row x (the network outputs as many). */
  dataDim: number;
  /** Columns of the condition vector c; 0 = unconditional. */
  conditionDim: number;
}

export class DenoiserNetwork extends Module {
  readonly inputProjection: Linear;
  readonly timeEmbedding: RandomFourierEmbedding;
  readonly body: ResidualMLP;
  readonly dataDim: number;
  readonly conditionDim: number;

  constructor(shape: DenoiserShape, settings: DenoiserSettings, rng: Rng) {
    super();
    const { dataDim, conditionDim } = shape;
    if (!Number.isInteger(dataDim) || dataDim < 1)
      throw new Error(`A denoiser needs a positive integer data width, got ${dataDim}.`);
    if (!Number.isInteger(conditionDim) || conditionDim < 0)
      throw new Error(`A denoiser's condition width must be a non-negative integer, got ${conditionDim}.`);
    this.dataDim = dataDim;
    this.conditionDim = conditionDim;
    this.inputProjection = this.registerModule(
      "inputProjection",
      new Linear({ inFeatures: dataDim + conditionDim, outFeatures: settings.dimT }, rng),
    );
    this.timeEmbedding = this.registerModule(
      "timeEmbedding",
      new RandomFourierEmbedding(settings.dimT, rng, settings.fourierFrequencies),
    );
    this.body = this.registerModule(
      "body",
      new ResidualMLP(
        {
          inFeatures: settings.dimT,
          outFeatures: dataDim,
          width: settings.width,
          depth: settings.depth,
          activation: settings.activation,
          finalLayerNorm: settings.finalLayerNorm,
          blockLayerNorm: settings.blockLayerNorm,
        },
        rng,
      ),
    );
  }

  /**
   * F for a batch: `input` is [B, dataDim + conditionDim] (the c_in-scaled x, then c), `noiseLevel`
   * holds c_noise(sigma) per row.
   */
  forward(input: Tensor, noiseLevel: ArrayLike<number>): Tensor {
    const width = this.dataDim + this.conditionDim;
    if (input.shape.length !== 2 || input.shape[1] !== width)
      throw new Error(`The denoiser expects input rows of ${width} columns, got ${fmtShape(input.shape)}.`);
    if (noiseLevel.length !== input.shape[0])
      throw new Error(
        `The denoiser got ${noiseLevel.length} noise levels for ${input.shape[0]} rows; it needs one per row.`,
      );
    return this.body.forward(
      add(this.inputProjection.forward(input), this.timeEmbedding.forward(noiseLevel)),
    );
  }
}
