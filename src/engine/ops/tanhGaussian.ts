// The SAC policy's reparameterized tanh-squashed Gaussian: u = mu + exp(logStd) * eps,
// action = tanh(u), logProb = sum_j [log N(u_j; mu_j, std_j) - log(1 - tanh(u_j)^2)],
// the correction computed stably as 2 (log 2 - u - softplus(-2u)) (Haarnoja et al. 2018, app. C).
// Two outputs, each with its own gradient: d action and d logProb w.r.t. mu and logStd.
import { fmtShape, gradOf, recordOp, Tensor } from "../tensor.js";
import { sameShape } from "./broadcast.js";

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/** mu, logStd, eps: [batch, actDim]; returns action [batch, actDim] and logProb [batch, 1]. */
export function tanhGaussianSample(
  mu: Tensor,
  logStd: Tensor,
  eps: Tensor,
): { action: Tensor; logProb: Tensor } {
  if (!sameShape(mu.shape, logStd.shape) || !sameShape(mu.shape, eps.shape) || mu.shape.length !== 2)
    throw new Error(
      `tanhGaussianSample: mu ${fmtShape(mu.shape)}, logStd ${fmtShape(logStd.shape)} and eps ${fmtShape(eps.shape)} must be equal [batch, actDim] shapes.`,
    );
  const [batch, dim] = mu.shape;
  const action = Tensor.empty(mu.shape);
  const logProb = Tensor.empty([batch, 1]);
  // Saved for backward: a = tanh(u) and s = std * eps (du/dlogStd).
  const saved = Tensor.empty([2, batch, dim]);
  const m = mu.data;
  const ls = logStd.data;
  const e = eps.data;
  const a = action.data;
  const lp = logProb.data;
  const sv = saved.data;
  for (let b = 0; b < batch; b++) {
    let total = 0;
    for (let j = 0; j < dim; j++) {
      const i = b * dim + j;
      const s = Math.exp(ls[i]) * e[i];
      const u = m[i] + s;
      const t = Math.tanh(u);
      a[i] = t;
      sv[i] = t;
      sv[batch * dim + i] = s;
      total += -0.5 * e[i] * e[i] - ls[i] - HALF_LOG_2PI - 2 * (Math.LN2 - u - softplus(-2 * u));
    }
    lp[b] = total;
  }
  recordOp(action, "tanhGaussian.action", [mu, logStd], (g) => {
    const gv = g.data;
    const t = saved.data;
    const dmu = mu.requiresGrad ? gradOf(mu).data : null;
    const dls = logStd.requiresGrad ? gradOf(logStd).data : null;
    for (let i = 0; i < batch * dim; i++) {
      const d = gv[i] * (1 - t[i] * t[i]);
      if (dmu) dmu[i] += d;
      if (dls) dls[i] += d * t[batch * dim + i];
    }
  });
  recordOp(logProb, "tanhGaussian.logProb", [mu, logStd], (g) => {
    const gv = g.data;
    const t = saved.data;
    const dmu = mu.requiresGrad ? gradOf(mu).data : null;
    const dls = logStd.requiresGrad ? gradOf(logStd).data : null;
    for (let b = 0; b < batch; b++)
      for (let j = 0; j < dim; j++) {
        const i = b * dim + j;
        // d/du of -log(1 - tanh(u)^2) is 2 tanh(u); the Gaussian term does not depend on u given eps.
        if (dmu) dmu[i] += gv[b] * 2 * t[i];
        if (dls) dls[i] += gv[b] * (-1 + 2 * t[i] * t[batch * dim + i]);
      }
  });
  return { action, logProb };
}
