// Broadcasting add, sub, mul, div and scalar affine ops with their gradients.
import { engine } from "../engineInstance.js";
import { gradFor, gradOf, recordOp, Tensor } from "../tensor.js";
import { broadcastShape, broadcastStrides, pad4, sameShape } from "./broadcast.js";
import { Binary, type BinaryName } from "./opCodes.js";

function runBinary(op: BinaryName, a: Tensor, b: Tensor, out: Tensor, accumulate: boolean): void {
  const d = pad4(out.shape);
  const sa = broadcastStrides(a.shape, out.shape);
  const sb = broadcastStrides(b.shape, out.shape);
  engine().kernels.binary(
    Binary[op],
    accumulate ? 1 : 0,
    d[0],
    d[1],
    d[2],
    d[3],
    a.ptr,
    sa[0],
    sa[1],
    sa[2],
    sa[3],
    b.ptr,
    sb[0],
    sb[1],
    sb[2],
    sb[3],
    out.ptr,
  );
}

/** grad(input) += scale * (sum of `src` over the dims where input was broadcast into src's shape). */
function accumulateInto(input: Tensor, src: Tensor, scale: number): void {
  if (sameShape(input.shape, src.shape)) {
    const { grad, fresh } = gradFor(input);
    if (fresh) engine().kernels.affine(src.ptr, grad.ptr, src.size, scale, 0);
    else engine().kernels.axpy(src.ptr, grad.ptr, src.size, scale);
    return;
  }
  const g = gradOf(input);
  const d = pad4(src.shape);
  const s = broadcastStrides(input.shape, src.shape);
  engine().kernels.accumulateStrided(d[0], d[1], d[2], d[3], src.ptr, g.ptr, s[0], s[1], s[2], s[3], scale);
}

/** grad(input) += sum-to-input-shape of (g op other). */
function accumulateProduct(input: Tensor, op: BinaryName, g: Tensor, other: Tensor, scale: number): void {
  if (scale === 1 && sameShape(input.shape, g.shape)) {
    const { grad, fresh } = gradFor(input);
    runBinary(op, g, other, grad, !fresh);
    return;
  }
  const tmp = Tensor.empty(g.shape);
  runBinary(op, g, other, tmp, false);
  accumulateInto(input, tmp, scale);
  tmp.dispose();
}

function binaryOp(op: BinaryName, a: Tensor, b: Tensor): Tensor {
  const out = Tensor.empty(broadcastShape(op, a.shape, b.shape));
  runBinary(op, a, b, out, false);
  recordOp(out, op, [a, b], (g) => {
    switch (op) {
      case "add":
        if (a.requiresGrad) accumulateInto(a, g, 1);
        if (b.requiresGrad) accumulateInto(b, g, 1);
        break;
      case "sub":
        if (a.requiresGrad) accumulateInto(a, g, 1);
        if (b.requiresGrad) accumulateInto(b, g, -1);
        break;
      case "mul":
        if (a.requiresGrad) accumulateProduct(a, "mul", g, b, 1);
        if (b.requiresGrad) accumulateProduct(b, "mul", g, a, 1);
        break;
      case "div":
        if (a.requiresGrad) accumulateProduct(a, "div", g, b, 1);
        if (b.requiresGrad) {
          // d(a/b)/db = -out / b
          const t = Tensor.empty(g.shape);
          runBinary("mul", g, out, t, false);
          runBinary("div", t, b, t, false);
          accumulateInto(b, t, -1);
          t.dispose();
        }
        break;
    }
  });
  return out;
}

export const add = (a: Tensor, b: Tensor): Tensor => binaryOp("add", a, b);
export const sub = (a: Tensor, b: Tensor): Tensor => binaryOp("sub", a, b);
export const mul = (a: Tensor, b: Tensor): Tensor => binaryOp("mul", a, b);
export const div = (a: Tensor, b: Tensor): Tensor => binaryOp("div", a, b);

/** a * x + b elementwise with scalar a, b. */
export function affine(x: Tensor, a: number, b = 0): Tensor {
  const out = Tensor.empty(x.shape);
  engine().kernels.affine(x.ptr, out.ptr, x.size, a, b);
  recordOp(out, "affine", [x], (g) => engine().kernels.axpy(g.ptr, gradOf(x).ptr, g.size, a));
  return out;
}

export const scale = (x: Tensor, a: number): Tensor => affine(x, a, 0);
export const addScalar = (x: Tensor, b: number): Tensor => affine(x, 1, b);
export const neg = (x: Tensor): Tensor => affine(x, -1, 0);
