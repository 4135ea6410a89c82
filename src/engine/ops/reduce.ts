// Reductions over an axis (sum, mean, min with its argmin) and over all elements, with gradients.
// min/mean over axis 0 of an ensemble's outputs give REDQ's and RLPD's target values.
import { engine } from "../engineInstance.js";
import { fmtShape, gradOf, recordOp, Tensor } from "../tensor.js";
import { Binary } from "./opCodes.js";

function splitAxis(
  op: string,
  shape: readonly number[],
  axis: number,
): { outer: number; n: number; inner: number; ax: number } {
  const ax = axis < 0 ? axis + shape.length : axis;
  if (!Number.isInteger(ax) || ax < 0 || ax >= shape.length)
    throw new Error(`${op}: axis ${axis} is out of range for shape ${fmtShape(shape)}.`);
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < ax; i++) outer *= shape[i];
  for (let i = ax + 1; i < shape.length; i++) inner *= shape[i];
  return { outer, n: shape[ax], inner, ax };
}

function reducedShape(shape: readonly number[], ax: number, keepDim: boolean): number[] {
  const s = shape.slice();
  if (keepDim) s[ax] = 1;
  else s.splice(ax, 1);
  return s;
}

function sumOrMean(
  op: string,
  x: Tensor,
  axis: number,
  keepDim: boolean,
  scale: (n: number) => number,
): Tensor {
  const { outer, n, inner, ax } = splitAxis(op, x.shape, axis);
  const out = Tensor.empty(reducedShape(x.shape, ax, keepDim));
  const k = engine().kernels;
  const s = scale(n);
  k.sumAxis(x.ptr, outer, n, inner, out.ptr, s, 0);
  recordOp(out, op, [x], (g) => {
    // dx[o, a, i] += s * g[o, i]: g broadcast back along the axis (stride 0), times the scalar s.
    const sT = Tensor.full([1], s);
    k.binary(Binary.mul, 1, 1, outer, n, inner, g.ptr, 0, inner, 0, 1, sT.ptr, 0, 0, 0, 0, gradOf(x).ptr);
    sT.dispose();
  });
  return out;
}

export const sum = (x: Tensor, axis: number, keepDim = false): Tensor =>
  sumOrMean("sum", x, axis, keepDim, () => 1);
export const mean = (x: Tensor, axis: number, keepDim = false): Tensor =>
  sumOrMean("mean", x, axis, keepDim, (n) => 1 / n);

/** Sum of every element, as a one-element tensor. */
export const sumAll = (x: Tensor): Tensor => sum(x.reshape([x.size]), 0);
/** Mean of every element, as a one-element tensor. */
export const meanAll = (x: Tensor): Tensor => mean(x.reshape([x.size]), 0);

/** Minimum over an axis (the gradient goes to the first minimal element). */
export function min(x: Tensor, axis: number, keepDim = false): Tensor {
  const { outer, n, inner, ax } = splitAxis("min", x.shape, axis);
  const out = Tensor.empty(reducedShape(x.shape, ax, keepDim));
  const arg = Tensor.empty(out.shape); // int32 indices stored in f32 slots
  const k = engine().kernels;
  k.minAxis(x.ptr, outer, n, inner, out.ptr, arg.ptr);
  recordOp(out, "min", [x], (g) => k.minAxisBackward(g.ptr, arg.ptr, outer, n, inner, gradOf(x).ptr));
  return out;
}
