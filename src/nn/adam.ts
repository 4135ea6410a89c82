// Adam (Kingma & Ba 2015) and AdamW (decoupled weight decay, Loshchilov & Hutter 2019), matching
// PyTorch's update, with optional gradient-norm clipping (torch.nn.utils.clip_grad_norm_).
// The update runs in one vectorized kernel per parameter tensor.
import { engine } from "../engine/engineInstance.js";
import { Tensor } from "../engine/tensor.js";
import { clipGradNorm } from "./gradClip.js";

export interface AdamOptions {
  lr: number;
  beta1?: number;
  beta2?: number;
  eps?: number;
  weightDecay?: number;
  /** true: AdamW (decay the weights directly); false: Adam with L2 added to the gradient. */
  decoupledWeightDecay?: boolean;
  /** Clip the global gradient norm to this before each step (none when undefined). */
  maxGradNorm?: number;
}

export class Adam {
  lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  readonly decoupled: boolean;
  readonly maxGradNorm: number | undefined;
  /** Number of steps taken (the t of the bias corrections). */
  stepCount = 0;
  readonly params: Tensor[];
  readonly m: Tensor[];
  readonly v: Tensor[];

  constructor(params: Tensor[], opts: AdamOptions) {
    if (!(opts.lr > 0)) throw new Error(`Adam needs a positive learning rate, got ${opts.lr}.`);
    this.params = params;
    this.lr = opts.lr;
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.eps = opts.eps ?? 1e-8;
    this.weightDecay = opts.weightDecay ?? 0;
    this.decoupled = opts.decoupledWeightDecay ?? false;
    this.maxGradNorm = opts.maxGradNorm;
    this.m = params.map((p) => Tensor.zeros(p.shape));
    this.v = params.map((p) => Tensor.zeros(p.shape));
  }

  /** Sets every parameter's gradient to zero. */
  zeroGrad(): void {
    for (const p of this.params) p.zeroGrad();
  }

  /** One update from the accumulated gradients; returns the gradient norm before clipping (or NaN when not clipping). */
  step(): number {
    let norm = Number.NaN;
    if (this.maxGradNorm !== undefined) norm = clipGradNorm(this.params, this.maxGradNorm);
    this.stepCount++;
    const bc1 = 1 - this.beta1 ** this.stepCount;
    const bc2 = 1 - this.beta2 ** this.stepCount;
    const k = engine().kernels;
    this.params.forEach((p, i) => {
      if (!p.grad) return;
      k.adamStep(
        p.ptr,
        p.grad.ptr,
        this.m[i].ptr,
        this.v[i].ptr,
        p.size,
        this.lr,
        this.beta1,
        this.beta2,
        this.eps,
        this.weightDecay,
        this.decoupled ? 1 : 0,
        bc1,
        bc2,
      );
    });
    return norm;
  }

  /** The optimizer state as named tensors (for checkpoints), keyed by parameter index. */
  stateTensors(): Map<string, Tensor> {
    const out = new Map<string, Tensor>();
    this.params.forEach((_, i) => {
      out.set(`${i}.exp_avg`, this.m[i]);
      out.set(`${i}.exp_avg_sq`, this.v[i]);
    });
    return out;
  }

  dispose(): void {
    for (const t of [...this.m, ...this.v]) t.dispose();
  }
}

/** AdamW: Adam with decoupled weight decay (PyTorch's default weight decay 0.01). */
export function adamW(params: Tensor[], opts: AdamOptions): Adam {
  return new Adam(params, { weightDecay: 0.01, ...opts, decoupledWeightDecay: true });
}
