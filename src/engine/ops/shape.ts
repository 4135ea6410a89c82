// Shape ops: concat and slice along any axis, row gather (with scatter-add gradient).
import { engine } from "../engineInstance.js";
import { fmtShape, gradFor, gradOf, recordOp, Tensor } from "../tensor.js";

function normAxis(op: string, shape: readonly number[], axis: number): number {
  const ax = axis < 0 ? axis + shape.length : axis;
  if (!Number.isInteger(ax) || ax < 0 || ax >= shape.length)
    throw new Error(`${op}: axis ${axis} is out of range for shape ${fmtShape(shape)}.`);
  return ax;
}

/** Views a shape as [outer, shape[ax] * inner] for strided 2-D copies. */
function outerInner(shape: readonly number[], ax: number): { outer: number; inner: number } {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < ax; i++) outer *= shape[i];
  for (let i = ax + 1; i < shape.length; i++) inner *= shape[i];
  return { outer, inner };
}

export function concat(tensors: Tensor[], axis = -1): Tensor {
  if (tensors.length === 0) throw new Error("concat: needs at least one tensor.");
  const first = tensors[0].shape;
  const ax = normAxis("concat", first, axis);
  let total = 0;
  for (const t of tensors) {
    if (t.shape.length !== first.length || t.shape.some((d, i) => i !== ax && d !== first[i]))
      throw new Error(
        `concat: shapes ${tensors.map((u) => fmtShape(u.shape)).join(", ")} differ outside axis ${ax}.`,
      );
    total += t.shape[ax];
  }
  const shape = first.slice();
  shape[ax] = total;
  const out = Tensor.empty(shape);
  const { outer, inner } = outerInner(shape, ax);
  const k = engine().kernels;
  const rowOut = total * inner;
  const offsets: number[] = [];
  let off = 0;
  for (const t of tensors) {
    offsets.push(off);
    const cols = t.shape[ax] * inner;
    k.copy2d(t.ptr, cols, out.ptr + off * 4, rowOut, outer, cols, 0);
    off += cols;
  }
  recordOp(out, "concat", tensors, (g) => {
    tensors.forEach((t, i) => {
      if (!t.requiresGrad) return;
      const cols = t.shape[ax] * inner;
      const { grad, fresh } = gradFor(t);
      k.copy2d(g.ptr + offsets[i] * 4, rowOut, grad.ptr, cols, outer, cols, fresh ? 0 : 1);
    });
  });
  return out;
}

/** Elements start..end-1 along an axis (a copy). */
export function slice(x: Tensor, axis: number, start: number, end: number): Tensor {
  const ax = normAxis("slice", x.shape, axis);
  const dim = x.shape[ax];
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end > dim || start >= end)
    throw new Error(`slice: range ${start}..${end} is not inside axis ${ax} of ${fmtShape(x.shape)}.`);
  const shape = x.shape.slice();
  shape[ax] = end - start;
  const out = Tensor.empty(shape);
  const { outer, inner } = outerInner(x.shape, ax);
  const k = engine().kernels;
  const cols = (end - start) * inner;
  const srcOff = start * inner * 4;
  k.copy2d(x.ptr + srcOff, dim * inner, out.ptr, cols, outer, cols, 0);
  recordOp(out, "slice", [x], (g) =>
    k.copy2d(g.ptr, cols, gradOf(x).ptr + srcOff, dim * inner, outer, cols, 1),
  );
  return out;
}

/** Rows of x (along axis 0) at the given indices; gradients scatter-add back. */
export function gatherRows(x: Tensor, indices: ArrayLike<number>): Tensor {
  const n = x.shape[0];
  const rowLen = x.size / n;
  const idx = Tensor.empty([indices.length]);
  const view = new Int32Array(engine().heap.memory.buffer, idx.ptr, indices.length);
  for (let i = 0; i < indices.length; i++) {
    const r = indices[i];
    if (!Number.isInteger(r) || r < 0 || r >= n)
      throw new Error(`gatherRows: index ${r} is outside the ${n} rows of ${fmtShape(x.shape)}.`);
    view[i] = r;
  }
  const out = Tensor.empty([indices.length, ...x.shape.slice(1)]);
  const k = engine().kernels;
  k.gatherRows(x.ptr, rowLen, idx.ptr, indices.length, out.ptr);
  recordOp(out, "gatherRows", [x], (g) =>
    k.scatterAddRows(g.ptr, rowLen, idx.ptr, indices.length, gradOf(x).ptr),
  );
  return out;
}
