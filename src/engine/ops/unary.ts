// Activations and elementwise math (ReLU, SiLU, Mish, tanh, softplus, exp, log, sqrt, sigmoid,
// square, clamp) with their gradients; all vectorized in assembly/unary.ts.
import { engine } from "../engineInstance.js";
import { gradOf, recordOp, Tensor } from "../tensor.js";
import { Unary, type UnaryName } from "./opCodes.js";

export function unary(op: UnaryName, x: Tensor): Tensor {
  const out = Tensor.empty(x.shape);
  const k = engine().kernels;
  k.unaryForward(Unary[op], x.ptr, out.ptr, x.size);
  recordOp(out, op, [x], (g) => k.unaryBackward(Unary[op], x.ptr, out.ptr, g.ptr, gradOf(x).ptr, g.size));
  return out;
}

export const relu = (x: Tensor): Tensor => unary("relu", x);
export const silu = (x: Tensor): Tensor => unary("silu", x);
export const mish = (x: Tensor): Tensor => unary("mish", x);
export const tanh = (x: Tensor): Tensor => unary("tanh", x);
export const softplus = (x: Tensor): Tensor => unary("softplus", x);
export const exp = (x: Tensor): Tensor => unary("exp", x);
export const log = (x: Tensor): Tensor => unary("log", x);
export const sqrt = (x: Tensor): Tensor => unary("sqrt", x);
export const sigmoid = (x: Tensor): Tensor => unary("sigmoid", x);
export const square = (x: Tensor): Tensor => unary("square", x);

export function clamp(x: Tensor, lo: number, hi: number): Tensor {
  if (!(lo <= hi)) throw new Error(`clamp: the lower bound ${lo} is above the upper bound ${hi}.`);
  const out = Tensor.empty(x.shape);
  const k = engine().kernels;
  k.clampForward(x.ptr, out.ptr, x.size, lo, hi);
  recordOp(out, "clamp", [x], (g) => k.clampBackward(x.ptr, g.ptr, gradOf(x).ptr, g.size, lo, hi));
  return out;
}
