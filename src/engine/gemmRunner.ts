// Runs general matrix products, possibly split over threads. Every product in the engine goes
// through a GemmRunner so that forward and backward passes (A.B, A.B^T, A^T.B) share one path.
import type { KernelExports } from "./kernelExports.js";

export interface GemmArgs {
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  alpha: number;
  a: number;
  lda: number;
  b: number;
  ldb: number;
  beta: number;
  c: number;
  ldc: number;
  /** Number of independent products (an ensemble); pointers advance by the strides (in floats). */
  batch?: number;
  strideA?: number;
  strideB?: number;
  strideC?: number;
}

export interface GemmRunner {
  readonly threads: number;
  gemm(args: GemmArgs): void;
  close(): Promise<void>;
}

/** Everything on the calling thread. */
export class SerialGemmRunner implements GemmRunner {
  readonly threads = 1;
  constructor(
    private readonly kernels: KernelExports,
    private readonly scratch: number,
  ) {}

  gemm(g: GemmArgs): void {
    const batch = g.batch ?? 1;
    for (let i = 0; i < batch; i++) {
      this.kernels.gemm(
        g.transA ? 1 : 0,
        g.transB ? 1 : 0,
        g.m,
        g.n,
        g.k,
        g.alpha,
        g.a + 4 * i * (g.strideA ?? 0),
        g.lda,
        g.b + 4 * i * (g.strideB ?? 0),
        g.ldb,
        g.beta,
        g.c + 4 * i * (g.strideC ?? 0),
        g.ldc,
        0,
        g.n,
        this.scratch,
      );
    }
  }

  async close(): Promise<void> {}
}
