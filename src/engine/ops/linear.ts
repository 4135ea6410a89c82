// The fused dense layer y = act(x W^T + b): one GEMM plus one pass for bias and activation, and a
// backward pass of one activation-gradient pass, one bias reduction and two GEMMs.
// W uses PyTorch's layout [out, in] (an ensemble: [E, out, in], bias [E, out]). The three products
// run in the precision current at the forward pass (matmulPrecision.ts).

import { engine } from "../engineInstance.js";
import { matmulPrecision } from "../matmulPrecision.js";
import { fmtShape, gradFor, recordOp, Tensor } from "../tensor.js";
import { gemmInto } from "./matmul.js";
import { type Activation, needsInput, Unary } from "./opCodes.js";

export function linear(x: Tensor, weight: Tensor, bias: Tensor | null, act: Activation = "identity"): Tensor {
  const ens = weight.shape.length === 3 ? weight.shape[0] : 0;
  const outDim = weight.shape[weight.shape.length - 2];
  const inDim = weight.shape[weight.shape.length - 1];
  const xEns = x.shape.length === 3 ? x.shape[0] : 0;
  const okX =
    (x.shape.length === 2 || (x.shape.length === 3 && xEns === ens)) && x.shape[x.shape.length - 1] === inDim;
  const okB = !bias || bias.size === Math.max(ens, 1) * outDim;
  if (weight.shape.length < 2 || weight.shape.length > 3 || !okX || !okB)
    throw new Error(
      `linear: input ${fmtShape(x.shape)}, weight ${fmtShape(weight.shape)} and bias ${bias ? fmtShape(bias.shape) : "none"} do not fit (weight is [out, in] or [ensemble, out, in], input [..., in]).`,
    );
  const rows = x.shape[x.shape.length - 2];
  const members = Math.max(ens, 1);
  const outShape = ens ? [ens, rows, outDim] : [rows, outDim];
  const k = engine().kernels;
  const keepPre = needsInput(act);
  const pre = keepPre ? Tensor.empty(outShape) : null;
  const out = Tensor.empty(outShape);
  const target = pre ?? out;
  const precision = matmulPrecision();
  gemmInto(x, false, weight, true, target, 0, ens, rows, outDim, inDim, precision);
  const code = Unary[act];
  const memberBytes = rows * outDim * 4;
  for (let e = 0; e < members; e++) {
    const off = e * memberBytes;
    // With a saved pre-activation, the bias goes into it first so that backward sees x W^T + b.
    if (bias)
      k.biasActForward(
        pre ? Unary.identity : code,
        target.ptr + off,
        bias.ptr + e * outDim * 4,
        target.ptr + off,
        rows,
        outDim,
      );
  }
  if (pre || (!bias && act !== "identity")) k.unaryForward(code, target.ptr, out.ptr, out.size);
  recordOp(out, `linear(${act})`, bias ? [x, weight, bias] : [x, weight], (g) => {
    // g becomes the pre-activation gradient in place (this node is g's only consumer).
    if (act !== "identity") k.activationGradInPlace(code, (pre ?? out).ptr, out.ptr, g.ptr, g.size);
    if (bias?.requiresGrad) {
      const gb = gradFor(bias);
      for (let e = 0; e < members; e++)
        k.sumAxis(
          g.ptr + e * memberBytes,
          1,
          rows,
          outDim,
          gb.grad.ptr + e * outDim * 4,
          1,
          gb.fresh ? 0 : 1,
        );
    }
    if (weight.requiresGrad) {
      const gw = gradFor(weight);
      gemmInto(g, true, x, false, gw.grad, gw.fresh ? 0 : 1, ens, outDim, inDim, rows, precision);
    }
    if (x.requiresGrad) {
      const gx = gradFor(x);
      gemmInto(g, false, weight, false, gx.grad, gx.fresh ? 0 : 1, ens, rows, inDim, outDim, precision);
    }
  });
  return out;
}
