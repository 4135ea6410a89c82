// A denoiser F that shares its weights across the steps of a trajectory window. The flat residual
// MLP (denoiserNetwork.ts) sees a window of k steps as one vector, so it must learn the local map
// (s_t, a_t) -> s_{t+1} once per position; the published trajectory diffusers (Diffuser's temporal
// U-Net, policy-guided diffusion, GTA) instead apply the same layers to every step. Here:
//
//   tokens   x (c_in-scaled, zero-padded to T tokens of `tokenWidth` values) -> T x tokenWidth
//   e        = time_mlp(c_noise) + Linear(c)                      one vector per window
//   h_0[t]   = Linear(x[t]) + p[t] + e                            p: a learned position embedding
//   block    h <- h + Mix(norm(h), e)                              depth times, same for every t
//   F        = Linear(act(h[t])), the T tokens flattened and cut back to the row's width
//
// with Mix one of
//   conv:  Linear(act(Linear([u[t-r], ..., u[t+r]]) + Linear(e)))   a temporal convolution of
//          kernelSize = 2r + 1 taps written as a token-wise Linear over shifted copies (zero-padded)
//   mixer: MLP-Mixer (Tolstikhin et al. 2021): a Linear over the token axis through
//          tokenMixingWidth hidden positions, then a token-wise MLP that also takes e.
// The noise level, the condition (a window's first state, task prompt, remaining length) and the
// position reach every token, so one network serves every window length up to T tokens when the
// length is in the condition. norm is a LayerNorm when the temporal settings' layerNorm is on.
import { add } from "../engine/ops/elementwise.js";
import { matmul } from "../engine/ops/matmul.js";
import type { Activation } from "../engine/ops/opCodes.js";
import { concat, slice } from "../engine/ops/shape.js";
import { unary } from "../engine/ops/unary.js";
import type { Rng } from "../engine/rng.js";
import { fmtShape, Tensor } from "../engine/tensor.js";
import { RandomFourierEmbedding } from "../nn/fourierEmbedding.js";
import { LayerNorm } from "../nn/layerNorm.js";
import { Linear } from "../nn/linear.js";
import { Module } from "../nn/module.js";
import type { DenoiserSettings, TemporalDenoiserSettings } from "./diffusionSettings.js";

export interface TokenizedShape {
  /** Columns of a data row x (the network outputs as many). */
  dataDim: number;
  /** Columns of the condition vector c; 0 = unconditional. */
  conditionDim: number;
  /** Values per token: a row is read as ceil(dataDim / tokenWidth) tokens, the last zero-padded. */
  tokenWidth: number;
}

function activate(act: Activation, h: Tensor): Tensor {
  return act === "identity" ? h : unary(act, h);
}

/** u shifted by `offset` tokens along axis 1 (out[:, t] = u[:, t + offset]), zero outside. */
function shiftTokens(u: Tensor, offset: number): Tensor {
  if (offset === 0) return u;
  const [b, t, h] = u.shape;
  const gap = Math.min(Math.abs(offset), t);
  if (gap === t) return Tensor.zeros([b, t, h]);
  const zeros = Tensor.zeros([b, gap, h]);
  return offset > 0 ? concat([slice(u, 1, gap, t), zeros], 1) : concat([zeros, slice(u, 1, 0, t - gap)], 1);
}

/** One block; `h` is [B, T, H], `e` the per-window embedding [B, 1, H]. */
abstract class TemporalBlock extends Module {
  abstract forward(h: Tensor, e: Tensor): Tensor;
}

/** A token-wise Linear applied to a [B, T, in] tensor. */
function tokenwise(layer: Linear, x: Tensor): Tensor {
  const [b, t] = x.shape;
  return layer.forward(x.reshape([b * t, x.shape[2]])).reshape([b, t, layer.outFeatures]);
}

class ConvBlock extends TemporalBlock {
  readonly norm: LayerNorm | null;
  readonly mix: Linear;
  readonly embedding: Linear;
  readonly output: Linear;

  constructor(
    width: number,
    private readonly kernelSize: number,
    private readonly activation: Activation,
    layerNorm: boolean,
    rng: Rng,
  ) {
    super();
    this.norm = layerNorm ? this.registerModule("norm", new LayerNorm(width)) : null;
    this.mix = this.registerModule(
      "mix",
      new Linear({ inFeatures: kernelSize * width, outFeatures: width }, rng),
    );
    this.embedding = this.registerModule(
      "embedding",
      new Linear({ inFeatures: width, outFeatures: width }, rng),
    );
    this.output = this.registerModule("output", new Linear({ inFeatures: width, outFeatures: width }, rng));
  }

  forward(h: Tensor, e: Tensor): Tensor {
    const u = this.norm ? this.norm.forward(h) : h;
    const r = (this.kernelSize - 1) / 2;
    const taps: Tensor[] = [];
    for (let o = -r; o <= r; o++) taps.push(shiftTokens(u, o));
    const m = tokenwise(this.mix, taps.length === 1 ? taps[0] : concat(taps, 2));
    const [b, , w] = e.shape;
    const z = activate(this.activation, add(m, this.embedding.forward(e.reshape([b, w])).reshape([b, 1, w])));
    return add(h, tokenwise(this.output, z));
  }
}

class MixerBlock extends TemporalBlock {
  readonly tokenNorm: LayerNorm | null;
  /** Token mixing: [hidden, T] and [T, hidden] weights over the token axis, biases per position. */
  readonly tokenIn: Tensor;
  readonly tokenInBias: Tensor;
  readonly tokenOut: Tensor;
  readonly tokenOutBias: Tensor;
  readonly channelNorm: LayerNorm | null;
  readonly channelIn: Linear;
  readonly embedding: Linear;
  readonly channelOut: Linear;

  constructor(
    width: number,
    tokens: number,
    tokenMixingWidth: number,
    private readonly activation: Activation,
    layerNorm: boolean,
    rng: Rng,
  ) {
    super();
    this.tokenNorm = layerNorm ? this.registerModule("tokenNorm", new LayerNorm(width)) : null;
    // Initialized as torch's Linear over the token axis would be: U(-1/sqrt(fan_in), 1/sqrt(fan_in)).
    const uniform = (shape: number[], fanIn: number) =>
      Tensor.uniform(shape, rng, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn));
    this.tokenIn = this.registerParameter("tokenIn", uniform([tokenMixingWidth, tokens], tokens));
    this.tokenInBias = this.registerParameter("tokenInBias", uniform([tokenMixingWidth, 1], tokens));
    this.tokenOut = this.registerParameter("tokenOut", uniform([tokens, tokenMixingWidth], tokenMixingWidth));
    this.tokenOutBias = this.registerParameter("tokenOutBias", uniform([tokens, 1], tokenMixingWidth));
    this.channelNorm = layerNorm ? this.registerModule("channelNorm", new LayerNorm(width)) : null;
    this.channelIn = this.registerModule(
      "channelIn",
      new Linear({ inFeatures: width, outFeatures: width }, rng),
    );
    this.embedding = this.registerModule(
      "embedding",
      new Linear({ inFeatures: width, outFeatures: width }, rng),
    );
    this.channelOut = this.registerModule(
      "channelOut",
      new Linear({ inFeatures: width, outFeatures: width }, rng),
    );
  }

  forward(h: Tensor, e: Tensor): Tensor {
    const u = this.tokenNorm ? this.tokenNorm.forward(h) : h;
    // [hidden, T] . [B, T, H] -> [B, hidden, H]: the same token-axis Linear for every window and channel.
    const mixedIn = activate(this.activation, add(matmul(this.tokenIn, u), this.tokenInBias));
    const h1 = add(h, add(matmul(this.tokenOut, mixedIn), this.tokenOutBias));
    const v = this.channelNorm ? this.channelNorm.forward(h1) : h1;
    const [b, , w] = e.shape;
    const z = activate(
      this.activation,
      add(tokenwise(this.channelIn, v), this.embedding.forward(e.reshape([b, w])).reshape([b, 1, w])),
    );
    return add(h1, tokenwise(this.channelOut, z));
  }
}

export class TemporalDenoiser extends Module {
  readonly dataDim: number;
  readonly conditionDim: number;
  readonly tokenWidth: number;
  readonly tokens: number;
  readonly width: number;
  readonly tokenInput: Linear;
  readonly conditionInput: Linear | null;
  readonly timeEmbedding: RandomFourierEmbedding;
  readonly position: Tensor;
  readonly blocks: TemporalBlock[] = [];
  readonly finalNorm: LayerNorm | null;
  readonly output: Linear;
  private readonly activation: Activation;

  constructor(shape: TokenizedShape, settings: DenoiserSettings, rng: Rng) {
    super();
    const { dataDim, conditionDim, tokenWidth } = shape;
    if (!Number.isInteger(dataDim) || dataDim < 1)
      throw new Error(`A denoiser needs a positive integer data width, got ${dataDim}.`);
    if (!Number.isInteger(conditionDim) || conditionDim < 0)
      throw new Error(`A denoiser's condition width must be a non-negative integer, got ${conditionDim}.`);
    if (!Number.isInteger(tokenWidth) || tokenWidth < 1 || tokenWidth > dataDim)
      throw new Error(
        `A temporal denoiser needs a token width between 1 and the row's ${dataDim} values, got ${tokenWidth}.`,
      );
    const t: TemporalDenoiserSettings = settings.temporal;
    this.dataDim = dataDim;
    this.conditionDim = conditionDim;
    this.tokenWidth = tokenWidth;
    this.tokens = Math.ceil(dataDim / tokenWidth);
    this.width = t.width;
    this.activation = settings.activation;
    const w = t.width;
    this.tokenInput = this.registerModule(
      "tokenInput",
      new Linear({ inFeatures: tokenWidth, outFeatures: w }, rng),
    );
    this.conditionInput =
      conditionDim > 0
        ? this.registerModule("conditionInput", new Linear({ inFeatures: conditionDim, outFeatures: w }, rng))
        : null;
    this.timeEmbedding = this.registerModule(
      "timeEmbedding",
      new RandomFourierEmbedding(w, rng, settings.fourierFrequencies),
    );
    this.position = this.registerParameter("position", Tensor.randn([this.tokens, w], rng, 0.02));
    for (let i = 0; i < t.depth; i++)
      this.blocks.push(
        this.registerModule(
          `blocks.${i}`,
          t.mixing === "conv"
            ? new ConvBlock(w, t.kernelSize, this.activation, t.layerNorm, rng)
            : new MixerBlock(w, this.tokens, t.tokenMixingWidth, this.activation, t.layerNorm, rng),
        ),
      );
    this.finalNorm = settings.finalLayerNorm ? this.registerModule("finalNorm", new LayerNorm(w)) : null;
    this.output = this.registerModule("output", new Linear({ inFeatures: w, outFeatures: tokenWidth }, rng));
  }

  /**
   * F for a batch: `input` is [B, dataDim + conditionDim] (the c_in-scaled x, then c), `noiseLevel`
   * holds c_noise(sigma) per row.
   */
  forward(input: Tensor, noiseLevel: ArrayLike<number>): Tensor {
    const d = this.dataDim;
    const c = this.conditionDim;
    if (input.shape.length !== 2 || input.shape[1] !== d + c)
      throw new Error(`The denoiser expects input rows of ${d + c} columns, got ${fmtShape(input.shape)}.`);
    const b = input.shape[0];
    if (noiseLevel.length !== b)
      throw new Error(
        `The denoiser got ${noiseLevel.length} noise levels for ${b} rows; it needs one per row.`,
      );
    const { tokens: n, tokenWidth: tw, width: w } = this;
    const padding = n * tw - d;
    let x = c > 0 ? slice(input, 1, 0, d) : input;
    if (padding > 0) x = concat([x, Tensor.zeros([b, padding])], 1);
    let e = this.timeEmbedding.forward(noiseLevel);
    if (this.conditionInput) e = add(e, this.conditionInput.forward(slice(input, 1, d, d + c)));
    const e3 = e.reshape([b, 1, w]);
    let h = add(add(this.tokenInput.forward(x.reshape([b * n, tw])).reshape([b, n, w]), this.position), e3);
    for (const block of this.blocks) h = block.forward(h, e3);
    if (this.finalNorm) h = this.finalNorm.forward(h);
    const out = this.output.forward(activate(this.activation, h.reshape([b * n, w]))).reshape([b, n * tw]);
    return padding > 0 ? slice(out, 1, 0, d) : out;
  }
}
