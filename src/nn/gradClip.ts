// Global gradient-norm clipping as torch.nn.utils.clip_grad_norm_: when the norm of all gradients
// exceeds maxNorm, every gradient is scaled by maxNorm / (norm + 1e-6).
import { engine } from "../engine/engineInstance.js";
import type { Tensor } from "../engine/tensor.js";

/** Returns the total gradient norm before clipping. */
export function clipGradNorm(params: Tensor[], maxNorm: number): number {
  const k = engine().kernels;
  let sq = 0;
  for (const p of params) if (p.grad) sq += k.sumSquares(p.grad.ptr, p.grad.size);
  const norm = Math.sqrt(sq);
  const coef = maxNorm / (norm + 1e-6);
  if (coef < 1) for (const p of params) if (p.grad) k.affine(p.grad.ptr, p.grad.ptr, p.grad.size, coef, 0);
  return norm;
}
