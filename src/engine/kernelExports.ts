// The functions the WebAssembly kernels (assembly/) export. Pointers are byte offsets into the
// engine's memory; lengths are element counts. Keep in step with assembly/*.ts.
export interface KernelExports {
  heapBase(): number;

  // assembly/gemm.ts: C[:, n0:n1] = alpha * op(A) op(B) + beta * C, row-major, op = transpose if flag.
  gemmScratchBytes(): number;
  gemm(
    transA: number,
    transB: number,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
    n0: number,
    n1: number,
    scratch: number,
  ): void;

  // assembly/unary.ts (op codes in src/engine/ops/opCodes.ts)
  unaryForward(op: number, x: number, out: number, n: number): void;
  unaryBackward(op: number, x: number, y: number, g: number, dx: number, n: number): void;
  clampForward(x: number, out: number, n: number, lo: number, hi: number): void;
  clampBackward(x: number, g: number, dx: number, n: number, lo: number, hi: number): void;
  affine(x: number, out: number, n: number, a: number, b: number): void;
  axpy(x: number, dst: number, n: number, a: number): void;
  biasActForward(op: number, x: number, bias: number, out: number, rows: number, n: number): void;
  activationGradInPlace(op: number, x: number, y: number, g: number, n: number): void;

  // assembly/binary.ts
  binary(
    op: number,
    accumulate: number,
    d0: number,
    d1: number,
    d2: number,
    d3: number,
    a: number,
    sa0: number,
    sa1: number,
    sa2: number,
    sa3: number,
    b: number,
    sb0: number,
    sb1: number,
    sb2: number,
    sb3: number,
    out: number,
  ): void;
  accumulateStrided(
    d0: number,
    d1: number,
    d2: number,
    d3: number,
    src: number,
    dst: number,
    sd0: number,
    sd1: number,
    sd2: number,
    sd3: number,
    scale: number,
  ): void;

  // assembly/reduce.ts
  sumAxis(
    x: number,
    outer: number,
    n: number,
    inner: number,
    out: number,
    scale: number,
    accumulate: number,
  ): void;
  minAxis(x: number, outer: number, n: number, inner: number, out: number, arg: number): void;
  minAxisBackward(g: number, arg: number, outer: number, n: number, inner: number, dx: number): void;
  sumSquares(x: number, n: number): number;
  sumAll(x: number, n: number): number;

  // assembly/rows.ts
  layerNormForward(
    x: number,
    gamma: number,
    beta: number,
    y: number,
    mean: number,
    rstd: number,
    rows: number,
    n: number,
    eps: number,
  ): void;
  layerNormBackward(
    x: number,
    gamma: number,
    g: number,
    mean: number,
    rstd: number,
    rows: number,
    n: number,
    dx: number,
    dgamma: number,
    dbeta: number,
  ): void;
  copy2d(
    src: number,
    srcStride: number,
    dst: number,
    dstStride: number,
    rows: number,
    cols: number,
    accumulate: number,
  ): void;
  gatherRows(x: number, rowLen: number, idx: number, count: number, out: number): void;
  scatterAddRows(g: number, rowLen: number, idx: number, count: number, dx: number): void;
  sqDiffSum(p: number, t: number, n: number): number;
  sqDiffBackward(p: number, t: number, n: number, c: number, dp: number, dt: number): void;

  // assembly/optim.ts
  adamStep(
    p: number,
    g: number,
    m: number,
    v: number,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    eps: number,
    wd: number,
    decoupled: number,
    bc1: number,
    bc2: number,
  ): void;
  lerpInto(dst: number, src: number, n: number, w: number): void;
  fill(x: number, n: number, value: number): void;
}
