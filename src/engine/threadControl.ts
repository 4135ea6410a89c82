// The control block through which the main thread hands matrix products to GEMM worker threads,
// and the loop every thread (main included) runs on a posted product. It lives in the engine's
// shared WebAssembly.Memory so that all threads see it without messages.
//
// A posted product is cut into chunks (one batch member, a range of its output columns or rows);
// threads claim chunks one at a time from a shared counter, so a thread slowed down by another
// process on the machine simply takes fewer chunks.
import type { KernelExports } from "./kernelExports.js";

/** Int32 words per worker slot: 128 bytes, so that two workers never share a cache line. */
export const SLOT_WORDS = 32;

// Per-worker slot (worker w >= 1 at word w * SLOT_WORDS).
/** Incremented by the main thread to post a product (or to stop). */
export const SEQ = 0;
/** Set to SEQ by the worker once it has no chunk left. */
export const DONE = 1;
/** 1 while the worker sleeps in Atomics.wait on SEQ (then the main thread must notify). */
export const WORKER_SLEEPING = 2;
/** 1 while the main thread sleeps in Atomics.wait on DONE (then the worker must notify). */
export const MAIN_SLEEPING = 3;
/** 0, or 1 if the worker's last product threw (the message follows on its error port). */
export const FAILED = 4;

// The product, in slot 0 (the main thread's own slot holds no flags).
export const STOP = 0; // 1: workers exit
export const NEXT_CHUNK = 1; // claimed with Atomics.add
export const CHUNKS = 2;
export const PARTS = 3; // chunks per batch member
export const PART_SIZE = 4; // columns (or rows) per chunk, a multiple of the tile
export const SPLIT_ROWS = 5; // 1: chunks are row ranges, 0: column ranges
export const TRANS_A = 6;
export const TRANS_B = 7;
export const M = 8;
export const N = 9;
export const K = 10;
export const ALPHA = 11; // f32
export const A = 12; // byte offset, u32
export const LDA = 13;
export const B = 14;
export const LDB = 15;
export const BETA = 16; // f32
export const C = 17;
export const LDC = 18;
export const STRIDE_A = 19; // bytes between batch members, u32
export const STRIDE_B = 20;
export const STRIDE_C = 21;

export function controlBytes(threads: number): number {
  return 4 * SLOT_WORDS * threads;
}

/** Typed views of one control block (all over the same bytes). */
export class ControlViews {
  readonly i32: Int32Array;
  readonly u32: Uint32Array;
  readonly f32: Float32Array;

  constructor(buffer: ArrayBufferLike, byteOffset: number, threads: number) {
    const words = SLOT_WORDS * threads;
    this.i32 = new Int32Array(buffer, byteOffset, words);
    this.u32 = new Uint32Array(buffer, byteOffset, words);
    this.f32 = new Float32Array(buffer, byteOffset, words);
  }
}

/** Claims and computes chunks of the posted product until none is left. */
export function runChunks(kernels: KernelExports, v: ControlViews, scratch: number): void {
  const { i32, u32, f32 } = v;
  const chunks = i32[CHUNKS];
  const parts = i32[PARTS];
  const partSize = i32[PART_SIZE];
  const splitRows = i32[SPLIT_ROWS] === 1;
  const transA = i32[TRANS_A];
  const transB = i32[TRANS_B];
  const m = i32[M];
  const n = i32[N];
  const k = i32[K];
  const alpha = f32[ALPHA];
  const beta = f32[BETA];
  const lda = i32[LDA];
  const ldb = i32[LDB];
  const ldc = i32[LDC];
  for (;;) {
    const chunk = Atomics.add(i32, NEXT_CHUNK, 1);
    if (chunk >= chunks) return;
    const member = Math.floor(chunk / parts);
    const start = (chunk - member * parts) * partSize;
    const a = u32[A] + member * u32[STRIDE_A];
    const b = u32[B] + member * u32[STRIDE_B];
    const c = u32[C] + member * u32[STRIDE_C];
    if (splitRows) {
      // Rows start..end of C need rows start..end of op(A): a row offset in A, or a column offset in A^T.
      const rows = Math.min(partSize, m - start);
      const aRows = a + 4 * (transA ? start : start * lda);
      kernels.gemm(
        transA,
        transB,
        rows,
        n,
        k,
        alpha,
        aRows,
        lda,
        b,
        ldb,
        beta,
        c + 4 * start * ldc,
        ldc,
        0,
        n,
        scratch,
      );
    } else {
      const end = Math.min(n, start + partSize);
      kernels.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, start, end, scratch);
    }
  }
}

/** Side of the square products run at start-up in every transpose case, so V8 optimizes the kernels. */
const WARMUP_SIZE = 48;
const WARMUP_ROUNDS = 30;
export const WARMUP_BYTES = 3 * 4 * WARMUP_SIZE * WARMUP_SIZE;

/**
 * Runs small products on the area at `base` (WARMUP_BYTES) until V8 has replaced its baseline
 * code for the kernels with optimized code: each thread's first calls would otherwise run slowly.
 */
export function warmUpKernels(
  kernels: KernelExports,
  buffer: ArrayBufferLike,
  base: number,
  scratch: number,
): void {
  const size = WARMUP_SIZE;
  const a = base;
  const b = a + 4 * size * size;
  const c = b + 4 * size * size;
  new Float32Array(buffer, a, 2 * size * size).fill(0.5);
  for (let r = 0; r < WARMUP_ROUNDS; r++)
    for (let t = 0; t < 4; t++)
      kernels.gemm(t & 1, t >> 1, size, size, size, 1, a, size, b, size, 0, c, size, 0, size, scratch);
}
