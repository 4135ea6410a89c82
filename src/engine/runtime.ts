// The engine instance: kernels, memory, allocator and the GEMM runner (thread pool).
// One engine per JavaScript thread, created once with `await initEngine()`.
import { availableParallelism } from "node:os";
import { type GemmRunner, SerialGemmRunner } from "./gemmRunner.js";
import { Heap } from "./heap.js";
import type { KernelExports } from "./kernelExports.js";
import { type KernelModule, loadKernelModule } from "./wasmModule.js";

export interface EngineOptions {
  /** Threads for matrix products; default ATRADIFF_THREADS or the number of cores. */
  threads?: number;
  /** Force the plain-SIMD build (for comparisons); default: relaxed SIMD when available. */
  relaxedSimd?: boolean;
}

export interface Engine {
  readonly kernels: KernelExports;
  readonly heap: Heap;
  readonly gemm: GemmRunner;
  readonly threads: number;
  readonly relaxedSimd: boolean;
  readonly sharedMemory: boolean;
  close(): Promise<void>;
}

const INITIAL_PAGES = 256; // 16 MiB; grows on demand up to 4 GiB
const MAX_PAGES = 65536;

let current: Engine | null = null;

export function defaultThreads(): number {
  const env = process.env.ATRADIFF_THREADS;
  if (env !== undefined && env !== "") {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1)
      throw new Error(`ATRADIFF_THREADS must be a positive integer, got "${env}".`);
    return n;
  }
  return availableParallelism();
}

/** Creates an engine with its own memory. Most code uses the shared one from initEngine(). */
export async function createEngine(opts: EngineOptions = {}): Promise<Engine> {
  const threads = opts.threads ?? defaultThreads();
  if (!Number.isInteger(threads) || threads < 1)
    throw new Error(`The engine's thread count must be a positive integer, got ${threads}.`);
  const km: KernelModule = loadKernelModule({ relaxed: opts.relaxedSimd });
  const memory = new WebAssembly.Memory({
    initial: INITIAL_PAGES,
    maximum: MAX_PAGES,
    shared: km.sharedMemory,
  } as WebAssembly.MemoryDescriptor);
  const instance = new WebAssembly.Instance(km.module, {
    env: {
      memory,
      abort: () => {
        throw new Error("A WebAssembly kernel aborted.");
      },
    },
  });
  const kernels = instance.exports as unknown as KernelExports;
  const heap = new Heap(memory, kernels.heapBase());
  const gemm = await createGemmRunner(km, kernels, heap, km.sharedMemory ? threads : 1);
  return {
    kernels,
    heap,
    gemm,
    threads: gemm.threads,
    relaxedSimd: km.relaxedSimd,
    sharedMemory: km.sharedMemory,
    close: () => gemm.close(),
  };
}

async function createGemmRunner(
  km: KernelModule,
  kernels: KernelExports,
  heap: Heap,
  threads: number,
): Promise<GemmRunner> {
  if (threads > 1) {
    const { ThreadedGemmRunner } = await import("./threadPool.js");
    return ThreadedGemmRunner.create(km, kernels, heap, threads);
  }
  return new SerialGemmRunner(kernels, heap.alloc(Math.max(kernels.gemmScratchBytes(), 64)));
}

/** Creates (once) and returns the engine that tensors use. */
export async function initEngine(opts: EngineOptions = {}): Promise<Engine> {
  if (current) return current;
  current = await createEngine(opts);
  return current;
}

/** The engine created by initEngine(); throws if there is none yet. */
export function engine(): Engine {
  if (!current) throw new Error("The atradiff engine is not initialized: call `await initEngine()` first.");
  return current;
}

/** Closes the engine's worker threads (lets Node exit) and forgets it. */
export async function closeEngine(): Promise<void> {
  const e = current;
  current = null;
  if (e) await e.close();
}
