// Runs general matrix products, possibly split over threads. Every product in the engine goes
// through a GemmRunner so that forward and backward passes (A.B, A.B^T, A^T.B) share one path.
import type { KernelExports } from "./kernelExports.js";
import type { MatmulPrecision } from "./matmulPrecision.js";

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
  /** "bf16": bf16 operands with fp32 sums where the runner has such a kernel, else fp32 (the default). */
  precision?: MatmulPrecision;
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
    gemmOnThisThread(this.kernels, g, g.batch ?? 1, this.scratch);
  }

  async close(): Promise<void> {}
}

/** Runs the `batch` members of a product one after the other on the calling thread. */
export function gemmOnThisThread(kernels: KernelExports, g: GemmArgs, batch: number, scratch: number): void {
  const strideA = 4 * (g.strideA ?? 0);
  const strideB = 4 * (g.strideB ?? 0);
  const strideC = 4 * (g.strideC ?? 0);
  const transA = g.transA ? 1 : 0;
  const transB = g.transB ? 1 : 0;
  for (let i = 0; i < batch; i++)
    kernels.gemm(
      transA,
      transB,
      g.m,
      g.n,
      g.k,
      g.alpha,
      g.a + i * strideA,
      g.lda,
      g.b + i * strideB,
      g.ldb,
      g.beta,
      g.c + i * strideC,
      g.ldc,
      0,
      g.n,
      scratch,
    );
}
