// Losses: mean squared error.
import { engine } from "../engineInstance.js";
import { fmtShape, gradOf, recordOp, Tensor } from "../tensor.js";
import { sameShape } from "./broadcast.js";

/** mean((pred - target)^2) over all elements, as a one-element tensor. */
export function mse(pred: Tensor, target: Tensor): Tensor {
  if (!sameShape(pred.shape, target.shape))
    throw new Error(
      `mse: prediction ${fmtShape(pred.shape)} and target ${fmtShape(target.shape)} differ in shape.`,
    );
  const k = engine().kernels;
  const out = Tensor.empty([1]);
  const n = pred.size;
  out.data[0] = k.sqDiffSum(pred.ptr, target.ptr, n) / n;
  recordOp(out, "mse", [pred, target], (g) => {
    const c = (2 * g.data[0]) / n;
    k.sqDiffBackward(
      pred.ptr,
      target.ptr,
      n,
      c,
      pred.requiresGrad ? gradOf(pred).ptr : 0,
      target.requiresGrad ? gradOf(target).ptr : 0,
    );
  });
  return out;
}
