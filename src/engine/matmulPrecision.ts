// The precision of the engine's matrix products: "fp32", or "bf16" — each operand rounded to
// bfloat16 (round to nearest even) as it is packed, the products summed in fp32 (native/gemm_bf16.c).
// Only the products change: tensors, weights, gradients, optimizer state and every other kernel
// stay fp32. bf16 runs only on the native backend on a CPU with AVX512_BF16 (Engine.bf16Matmul);
// any other engine computes the same products in fp32.
//
// A precision is set for a stretch of code (withMatmulPrecision), not per call, because the
// products of a network sit in its layers (linear, matmul) far below the trainer that chooses the
// precision; as PyTorch's autocast. A layer reads the precision when it runs forward and keeps it
// for its backward products, so a backward pass run later computes as its forward pass did.

import { MATMUL_PRECISIONS } from "../settings/diffusion.js";
import type { Engine } from "./engineInstance.js";

export { MATMUL_PRECISIONS };
export type MatmulPrecision = (typeof MATMUL_PRECISIONS)[number];

let current: MatmulPrecision = "fp32";

/** The precision the products started now use. */
export function matmulPrecision(): MatmulPrecision {
  return current;
}

/** Runs `fn` (synchronous: the precision must not leak into code that runs between awaits) with `precision`. */
export function withMatmulPrecision<T>(precision: MatmulPrecision, fn: () => T): T {
  const before = current;
  current = precision;
  try {
    return fn();
  } finally {
    current = before;
  }
}

/** What `requested` computes as on `engine`: one line for a start-up message. */
export function describeMatmulPrecision(requested: MatmulPrecision, engine: Engine): string {
  if (requested === "fp32") return "matrix products: fp32";
  if (engine.bf16Matmul) return "matrix products: bf16 inputs with fp32 sums (AVX512_BF16)";
  return `matrix products: fp32, not the bf16 asked for (bf16 needs the native backend on a CPU with AVX512_BF16; this engine is ${engine.description})`;
}
