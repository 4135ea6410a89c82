// The control block through which the main thread hands matrix products to GEMM worker threads,
// and the loop every thread (main included) runs on a posted product. It lives in the engine's
// shared WebAssembly.Memory so that all threads see it without messages.
//
// A posted product is cut into chunks (a range of output columns or rows of one batch member, or a
// group of whole members). Threads claim chunks from a shared counter, so a thread slowed down by
// another process on the machine simply takes fewer, and the main thread waits only for chunks that
// were actually claimed: a worker that wakes up late finds nothing left and costs nothing.
//
// The claim word holds (generation << 16) | next chunk. The main thread posts a product by first
// closing the word (next = CLOSED, new generation), then writing the product, then opening it
// (next = 0). A claim is a compare-exchange of the exact word read before the product's fields were
// read: it succeeds only if no other claim and no new post happened in between, so a thread never
// computes with fields of a different product than the chunk it claimed.
import type { KernelExports } from "./kernelExports.js";

/** Int32 words per slot: 128 bytes, so that two threads' flags never share a cache line. */
export const SLOT_WORDS = 32;

// Slot 0: the product and the counters.
export const CLAIM = 0;
export const COMPLETED = 1; // chunks finished (or failed) of the current product
export const STOP = 2; // 1: workers exit
export const SLEEPING_WORKERS = 3; // workers in Atomics.wait on CLAIM
export const MAIN_SLEEPING = 4; // 1 while the main thread sleeps in Atomics.wait on COMPLETED
export const CHUNKS = 5;
export const PARTS = 6; // chunks per group of batch members
export const PART_SIZE = 7; // columns (or rows) per part, a multiple of the register tile
export const SPLIT_ROWS = 8; // 1: parts are row ranges, 0: column ranges
export const GROUP = 9; // batch members per chunk group
export const BATCH = 10;
export const TRANS_A = 11;
export const TRANS_B = 12;
export const M = 13;
export const N = 14;
export const K = 15;
export const ALPHA = 16; // f32
export const A = 17; // byte offset, u32
export const LDA = 18;
export const B = 19;
export const LDB = 20;
export const BETA = 21; // f32
export const C = 22;
export const LDC = 23;
export const STRIDE_A = 24; // bytes between batch members, u32
export const STRIDE_B = 25;
export const STRIDE_C = 26;

// Slot t (thread t >= 1): that worker's failure flag (the message follows on its error port).
export const FAILED = 0;

/** `next` value of a closed claim word: the product is being written. */
export const CLOSED = 0xffff;
/** Most chunks one product may have (below CLOSED). */
export const MAX_CHUNKS = 0x4000;
const GENERATIONS = 0x8000; // the word stays a positive int32

export function claimWord(generation: number, next: number): number {
  return (generation << 16) | next;
}
export function generationOf(word: number): number {
  return word >>> 16;
}
export function nextGeneration(generation: number): number {
  return (generation + 1) % GENERATIONS;
}

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

/**
 * Claims and computes chunks of the product of `generation` until none is left or another product
 * has been posted. A chunk that throws is reported to `onFailure` before it is counted in
 * COMPLETED, so the main thread knows of every failure once all chunks are counted.
 */
export function runChunks(
  kernels: KernelExports,
  v: ControlViews,
  scratch: number,
  generation: number,
  onFailure: (error: unknown) => void,
): void {
  const { i32, u32, f32 } = v;
  let word = Atomics.load(i32, CLAIM);
  if (generationOf(word) !== generation || (word & 0xffff) === CLOSED) return;
  // Valid for `generation` if a claim below succeeds (see the header).
  const chunks = i32[CHUNKS];
  const parts = i32[PARTS];
  const partSize = i32[PART_SIZE];
  const splitRows = i32[SPLIT_ROWS] === 1;
  const group = i32[GROUP];
  const batch = i32[BATCH];
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
  const a0 = u32[A];
  const b0 = u32[B];
  const c0 = u32[C];
  const strideA = u32[STRIDE_A];
  const strideB = u32[STRIDE_B];
  const strideC = u32[STRIDE_C];
  for (;;) {
    const chunk = word & 0xffff;
    if (generationOf(word) !== generation || chunk >= chunks) return;
    const seen = Atomics.compareExchange(i32, CLAIM, word, word + 1);
    if (seen !== word) {
      word = seen;
      continue;
    }
    word += 1;
    try {
      const g = Math.floor(chunk / parts);
      const start = (chunk - g * parts) * partSize;
      const end = Math.min(splitRows ? m : n, start + partSize);
      for (let member = g * group; member < Math.min(batch, (g + 1) * group); member++) {
        const a = a0 + member * strideA;
        const b = b0 + member * strideB;
        const c = c0 + member * strideC;
        if (splitRows) {
          // Rows start..end of C need rows start..end of op(A): rows of A, or columns of a transposed A.
          const aRows = a + 4 * (transA ? start : start * lda);
          kernels.gemm(
            transA,
            transB,
            end - start,
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
        } else
          kernels.gemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, start, end, scratch);
      }
    } catch (e) {
      onFailure(e);
    }
    // The main thread reads MAIN_SLEEPING after announcing its sleep and before sleeping on
    // COMPLETED (threadPool.ts), so either it sees this count or this thread sees its flag.
    if (Atomics.add(i32, COMPLETED, 1) + 1 === chunks && Atomics.load(i32, MAIN_SLEEPING) === 1)
      Atomics.notify(i32, COMPLETED);
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
