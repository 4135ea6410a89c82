// SAC's policy (Haarnoja et al. 2018): an MLP gives, per observation, the mean mu and log-std of a
// Gaussian; actions are tanh(mu + std * eps), so they lie in (-1, 1). The log-std is clipped to
// [logStdMin, logStdMax] = [-20, 2] by default, the hard clip of the SAC/REDQ reference code
// (torch.clamp: zero gradient outside the range), not the tanh-rescaled variant of some ports.
import { clamp, slice, tanh } from "../engine/ops/index.js";
import type { Activation } from "../engine/ops/opCodes.js";
import { tanhGaussianSample } from "../engine/ops/tanhGaussian.js";
import type { Rng } from "../engine/rng.js";
import { Tensor } from "../engine/tensor.js";
import { MLP } from "../nn/mlp.js";
import { Module } from "../nn/module.js";

export interface TanhGaussianActorOptions {
  obsDim: number;
  actDim: number;
  hiddenSizes: number[];
  activation?: Activation;
  logStdMin: number;
  logStdMax: number;
}

export class TanhGaussianActor extends Module {
  readonly net: MLP;
  readonly actDim: number;
  private readonly logStdMin: number;
  private readonly logStdMax: number;

  constructor(opts: TanhGaussianActorOptions, rng: Rng) {
    super();
    this.actDim = opts.actDim;
    this.logStdMin = opts.logStdMin;
    this.logStdMax = opts.logStdMax;
    this.net = this.registerModule(
      "net",
      new MLP(
        { sizes: [opts.obsDim, ...opts.hiddenSizes, 2 * opts.actDim], activation: opts.activation },
        rng,
      ),
    );
  }

  /** mu and the clipped log-std, each [B, actDim]. */
  distribution(obs: Tensor): { mu: Tensor; logStd: Tensor } {
    const out = this.net.forward(obs);
    const a = this.actDim;
    return {
      mu: slice(out, 1, 0, a),
      logStd: clamp(slice(out, 1, a, 2 * a), this.logStdMin, this.logStdMax),
    };
  }

  /** A reparameterized sample and its log-probability [B, 1]; eps ~ N(0, 1) comes from rng. */
  sample(obs: Tensor, rng: Rng): { action: Tensor; logProb: Tensor } {
    return this.sampleWith(obs, (eps) => rng.fillGaussian(eps));
  }

  /** The same, with eps ([B, actDim] row-major standard normal values) written by fillNoise. */
  sampleWith(obs: Tensor, fillNoise: (eps: Float32Array) => void): { action: Tensor; logProb: Tensor } {
    const { mu, logStd } = this.distribution(obs);
    const eps = Tensor.empty(mu.shape);
    fillNoise(eps.data);
    return tanhGaussianSample(mu, logStd, eps);
  }

  /** The deterministic (evaluation) action tanh(mu). */
  mode(obs: Tensor): Tensor {
    return tanh(this.distribution(obs).mu);
  }
}
