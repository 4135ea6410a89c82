// IQL's policy (Kostrikov et al. 2022, as in CORL): a Gaussian with mean tanh(MLP(s)) and a learned
// state-independent log-std (clipped to [logStdMin, logStdMax]); trained by (weighted) maximum
// likelihood of dataset actions. Its deterministic action is the mean; samples are clipped to [-1, 1].
import { add, addScalar, clamp, exp, mul, neg, scale, square, sub, sum } from "../engine/ops/index.js";
import type { Rng } from "../engine/rng.js";
import { Tensor } from "../engine/tensor.js";
import type { MLP } from "../nn/mlp.js";
import { Module, parameter } from "../nn/module.js";
import { type DeterministicActorOptions, tanhPolicyNet } from "./deterministicActor.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

export interface GaussianActorOptions extends DeterministicActorOptions {
  logStdMin: number;
  logStdMax: number;
}

export class GaussianActor extends Module {
  readonly net: MLP;
  /** [actDim], starts at 0 (std 1) as in CORL. */
  readonly logStd: Tensor;
  readonly actDim: number;
  private readonly logStdMin: number;
  private readonly logStdMax: number;

  constructor(opts: GaussianActorOptions, rng: Rng) {
    super();
    this.actDim = opts.actDim;
    this.logStdMin = opts.logStdMin;
    this.logStdMax = opts.logStdMax;
    this.net = this.registerModule("net", tanhPolicyNet(opts, rng));
    this.logStd = this.registerParameter("logStd", parameter([opts.actDim]));
  }

  mean(obs: Tensor): Tensor {
    return this.net.forward(obs);
  }

  /** log N(action; mean(obs), diag(std^2)) summed over action dims: [B, 1]. */
  logProb(obs: Tensor, action: Tensor): Tensor {
    const logStd = clamp(this.logStd, this.logStdMin, this.logStdMax);
    const z = mul(sub(action, this.mean(obs)), exp(neg(logStd)));
    const perDim = sub(scale(square(z), -0.5), logStd);
    return addScalar(sum(perDim, 1, true), -this.actDim * HALF_LOG_2PI);
  }

  /** mean + std * eps with eps from rng, clipped to [-1, 1] (CORL's act in training mode). */
  sample(obs: Tensor, rng: Rng): Tensor {
    const mean = this.mean(obs);
    const std = exp(clamp(this.logStd, this.logStdMin, this.logStdMax));
    const eps = Tensor.randn(mean.shape, rng);
    return clamp(add(mean, mul(eps, std)), -1, 1);
  }
}
