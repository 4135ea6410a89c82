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
}
