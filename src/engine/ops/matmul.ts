// Matrix products with gradients: 2-D, and batched over a leading ensemble axis (N critics as one
// op). Every product, forward and backward, goes through the engine's GemmRunner, in the precision
// current when the forward product ran (matmulPrecision.ts).

import { engine } from "../engineInstance.js";
import type { GemmArgs } from "../gemmRunner.js";
import { type MatmulPrecision, matmulPrecision } from "../matmulPrecision.js";
import { fmtShape, gradFor, recordOp, Tensor } from "../tensor.js";

/** A matrix operand: `rows x cols` after the optional transpose, stored row-major. */
interface Operand {
  t: Tensor;
  trans: boolean;
  /** Leading (ensemble) dimension, or 0 when the operand is shared by all ensemble members. */
  batch: number;
  rows: number;
  cols: number;
}

function operand(op: string, t: Tensor, trans: boolean): Operand {
  if (t.shape.length !== 2 && t.shape.length !== 3)
    throw new Error(`${op}: operands must be 2-D or 3-D (ensemble), got ${fmtShape(t.shape)}.`);
  const batch = t.shape.length === 3 ? t.shape[0] : 0;
  const r = t.shape[t.shape.length - 2];
  const c = t.shape[t.shape.length - 1];
  return { t, trans, batch, rows: trans ? c : r, cols: trans ? r : c };
}

/** Runs C (+)= op(A) op(B) over the ensemble, A/B/C given as tensors with their layouts. */
export function gemmInto(
  a: Tensor,
  transA: boolean,
  b: Tensor,
  transB: boolean,
  c: Tensor,
  beta: number,
  batch: number,
  m: number,
  n: number,
  k: number,
  precision: MatmulPrecision,
): void {
  const aShared = a.shape.length === 2;
  const bShared = b.shape.length === 2;
  const cShared = c.shape.length === 2;
  const args: GemmArgs = {
    transA,
    transB,
    m,
    n,
    k,
    alpha: 1,
    a: a.ptr,
    lda: a.shape[a.shape.length - 1],
    b: b.ptr,
    ldb: b.shape[b.shape.length - 1],
    beta,
    c: c.ptr,
    ldc: n,
    batch: Math.max(batch, 1),
    strideA: aShared ? 0 : m * k,
    strideB: bShared ? 0 : k * n,
    strideC: cShared ? 0 : m * n,
    precision,
  };
  const runner = engine().gemm;
  if (cShared && batch > 1) {
    // Several members accumulate into one output (the gradient of a shared operand): in sequence.
    for (let i = 0; i < batch; i++) {
      runner.gemm({
        ...args,
        batch: 1,
        a: a.ptr + 4 * i * args.strideA!,
        b: b.ptr + 4 * i * args.strideB!,
        beta: i === 0 ? beta : 1,
      });
    }
    return;
  }
  runner.gemm(args);
}

export interface MatmulOptions {
  transA?: boolean;
  transB?: boolean;
}

/**
 * op(a) . op(b). Shapes: [m,k].[k,n] -> [m,n]; with an ensemble axis E on either or both operands
 * ([E,m,k] / [E,k,n]) the product is [E,m,n], a 2-D operand being shared by every member.
 */
export function matmul(a: Tensor, b: Tensor, opts: MatmulOptions = {}): Tensor {
  const A = operand("matmul", a, opts.transA ?? false);
  const B = operand("matmul", b, opts.transB ?? false);
  if (A.cols !== B.rows || (A.batch && B.batch && A.batch !== B.batch)) {
    const ta = A.trans ? "^T" : "";
    const tb = B.trans ? "^T" : "";
    throw new Error(
      `matmul: cannot multiply ${fmtShape(a.shape)}${ta} by ${fmtShape(b.shape)}${tb}: inner dimensions ${A.cols} and ${B.rows}${A.batch && B.batch && A.batch !== B.batch ? `, or ensemble sizes ${A.batch} and ${B.batch},` : ""} differ.`,
    );
  }
  const batch = Math.max(A.batch, B.batch);
  const m = A.rows;
  const n = B.cols;
  const k = A.cols;
  const out = Tensor.empty(batch ? [batch, m, n] : [m, n]);
  const p = matmulPrecision();
  gemmInto(a, A.trans, b, B.trans, out, 0, batch, m, n, k, p);
  recordOp(out, "matmul", [a, b], (g) => {
    // C = op(A) op(B): dop(A) = dC op(B)^T, dop(B) = op(A)^T dC; then undo the transposes.
    if (a.requiresGrad) {
      const { grad: ga, fresh } = gradFor(a);
      const beta = fresh ? 0 : 1;
      if (!A.trans) gemmInto(g, false, b, !B.trans, ga, beta, batch, m, k, n, p);
      else gemmInto(b, B.trans, g, true, ga, beta, batch, k, m, n, p);
    }
    if (b.requiresGrad) {
      const { grad: gb, fresh } = gradFor(b);
      const beta = fresh ? 0 : 1;
      if (!B.trans) gemmInto(a, !A.trans, g, false, gb, beta, batch, k, n, m, p);
      else gemmInto(g, true, a, A.trans, gb, beta, batch, n, k, m, p);
    }
  });
  return out;
}
