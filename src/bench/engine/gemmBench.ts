// GEMM throughput of an engine in the three products a training step needs: A.B (forward),
// A.B^T (gradient of the input) and A^T.B (gradient of the weights), each of the same shape.

import type { GemmArgs } from "../../engine/gemmRunner.js";
import { Rng } from "../../engine/rng.js";
import type { Engine } from "../../engine/runtime.js";
import { benchStreams } from "../../util/randomStreams.js";
import { median } from "../median.js";

export type GemmCase = "nn" | "nt" | "tn";
export const GEMM_CASES: readonly GemmCase[] = ["nn", "nt", "tn"];

export interface GemmShape {
  m: number;
  n: number;
  k: number;
}

export interface GemmTiming {
  /** Timed repetitions after warm-up. */
  reps: number;
  warmup: number;
}

export function gemmFlops(shape: GemmShape): number {
  return 2 * shape.m * shape.n * shape.k;
}

/** Median GFLOP/s of C (m x n) = op(A) op(B) for one transpose case, operands stored to match. */
export function measureGemmGflops(
  engine: Engine,
  which: GemmCase,
  shape: GemmShape,
  timing: GemmTiming,
): number {
  return gemmFlops(shape) / (median(timeGemm(engine, which, shape, timing)) * 1e6);
}

/** Milliseconds of each timed product of measureGemmGflops. */
export function timeGemm(engine: Engine, which: GemmCase, shape: GemmShape, timing: GemmTiming): number[] {
  const { m, n, k } = shape;
  const heap = engine.heap;
  const a = heap.alloc(4 * m * k);
  const b = heap.alloc(4 * k * n);
  const c = heap.alloc(4 * m * n);
  try {
    const rng = new Rng(benchStreams.gemmOperands(m, n, k));
    rng.fillUniform(heap.view(a, m * k), -1, 1);
    rng.fillUniform(heap.view(b, k * n), -1, 1);
    const transA = which === "tn";
    const transB = which === "nt";
    const args: GemmArgs = {
      transA,
      transB,
      m,
      n,
      k,
      alpha: 1,
      a,
      lda: transA ? m : k,
      b,
      ldb: transB ? k : n,
      beta: 0,
      c,
      ldc: n,
    };
    for (let i = 0; i < timing.warmup; i++) engine.gemm.gemm(args);
    const times: number[] = [];
    for (let i = 0; i < timing.reps; i++) {
      const t0 = performance.now();
      engine.gemm.gemm(args);
      times.push(performance.now() - t0);
    }
    return times;
  } finally {
    heap.free(c, 4 * m * n);
    heap.free(b, 4 * k * n);
    heap.free(a, 4 * m * k);
  }
}
