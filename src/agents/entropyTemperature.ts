// Automatic entropy temperature (Haarnoja et al. 2018b, "SAC algorithms and applications", sec. 5):
// alpha = exp(logAlpha) is learned so that the policy's entropy -E[log pi] tracks a target H.
// Two published forms of the loss, chosen by a setting:
//   "logAlpha": J = -logAlpha * (mean log pi + H)       (SAC/REDQ PyTorch code)
//   "alpha":    J =  alpha * (-mean log pi - H)          (RLPD's JAX code)
// Both raise alpha when the entropy is below the target and lower it when above.
import { exp, meanAll, mul } from "../engine/ops/index.js";
import { Tensor, tidy } from "../engine/tensor.js";
import { Adam } from "../nn/adam.js";

export type TemperatureLoss = "logAlpha" | "alpha";

export interface EntropyTemperatureOptions {
  initialTemperature: number;
  targetEntropy: number;
  lr: number;
  loss: TemperatureLoss;
  learn: boolean;
}

export class EntropyTemperature {
  /** [1], trained. */
  readonly logAlpha: Tensor;
  readonly optimizer: Adam;
  readonly targetEntropy: number;
  private readonly lossForm: TemperatureLoss;
  private readonly learn: boolean;

  constructor(opts: EntropyTemperatureOptions) {
    this.logAlpha = Tensor.fromArray([Math.log(opts.initialTemperature)], [1], { requiresGrad: true });
    this.optimizer = new Adam([this.logAlpha], { lr: opts.lr });
    this.targetEntropy = opts.targetEntropy;
    this.lossForm = opts.loss;
    this.learn = opts.learn;
  }

  get alpha(): number {
    return Math.exp(this.logAlpha.data[0]);
  }

  /** The temperature loss for a batch of log-probabilities (a tensor carrying logAlpha's gradient). */
  loss(meanLogProb: number): Tensor {
    const weight = Tensor.fromArray([-(meanLogProb + this.targetEntropy)], [1]);
    const param = this.lossForm === "logAlpha" ? this.logAlpha : exp(this.logAlpha);
    return meanAll(mul(param, weight));
  }

  /** One Adam step on the loss (nothing when the temperature is fixed); returns the loss value. */
  update(meanLogProb: number): number {
    return tidy(() => {
      const loss = this.loss(meanLogProb);
      const value = loss.item();
      if (this.learn) {
        this.optimizer.zeroGrad();
        loss.backward();
        this.optimizer.step();
      }
      return value;
    });
  }

  dispose(): void {
    this.logAlpha.dispose();
    this.optimizer.dispose();
  }
}
