// IQL's expectile regression (Kostrikov et al. 2022, eq. 5): L = mean |tau - 1(u < 0)| u^2 with
// u = Q(s, a) - V(s). tau > 0.5 weighs positive errors more, so V approaches an upper expectile of Q.
// The weight depends only on the sign of u, so it is a constant for the gradient.
import { meanAll, mul, square } from "../engine/ops/index.js";
import { Tensor } from "../engine/tensor.js";

export function expectileLoss(u: Tensor, tau: number): Tensor {
  const d = u.data;
  const w = new Float32Array(u.size);
  for (let i = 0; i < w.length; i++) w[i] = d[i] < 0 ? 1 - tau : tau;
  return meanAll(mul(Tensor.fromArray(w, u.shape), square(u)));
}
