// What an engine is, and the one that tensors use: the kernels, the memory with its allocator, and
// the GEMM runner. Everything here runs in Node and in a browser; how an engine is made differs:
// runtime.ts in Node (native backend, worker threads, kernels read from disk), browserEngine.ts in
// a browser (WebAssembly kernels from given bytes, one thread).
import type { GemmRunner } from "./gemmRunner.js";
import { Heap } from "./heap.js";
import type { KernelExports } from "./kernelExports.js";
import type { BackendName, GaussianFill } from "./nativeBackend.js";

export interface Engine {
  readonly kernels: KernelExports;
  readonly heap: Heap;
  readonly gemm: GemmRunner;
  readonly threads: number;
  readonly relaxedSimd: boolean;
  readonly sharedMemory: boolean;
  /** Which kernels run the products and the moved ops. */
  readonly backend: BackendName;
  /** Whether products asked for in bf16 (matmulPrecision.ts) run in bf16; else they run in fp32. */
  readonly bf16Matmul: boolean;
  /**
   * Rng.fillGaussian in native code (nativeBackend.ts's gaussianFill), or null: use
   * fillGaussianFast (gaussianFill.ts), which falls back to the Rng.
   */
  readonly gaussianFill: GaussianFill | null;
  /** One line for logs, bench output and run metadata, e.g. "native (AVX-512), 2 threads". */
  readonly description: string;
  /**
   * The kernels that decide the bits of a result, e.g. "native (AVX-512)" or "wasm (relaxed SIMD)":
   * the same seed gives the same numbers on engines with the same kernels, whatever the threads.
   */
  readonly kernelName: string;
  close(): Promise<void>;
}

/** A compiled kernel binary and what it was built for. */
export interface KernelModule {
  module: WebAssembly.Module;
  relaxedSimd: boolean;
  sharedMemory: boolean;
  variant: string;
}

/** The file name (without .wasm) of a kernel build: kernels-relaxed, kernels-simd-shared, ... */
export function kernelVariant(relaxed: boolean, shared: boolean): string {
  return `kernels-${relaxed ? "relaxed" : "simd"}${shared ? "-shared" : ""}`;
}

const INITIAL_PAGES = 256; // 16 MiB; grows on demand up to 4 GiB
const MAX_PAGES = 65536;

/** A fresh memory with one instance of the kernels on it, and the allocator over that memory. */
export function instantiateKernels(km: KernelModule): { kernels: KernelExports; heap: Heap } {
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
  return { kernels, heap: new Heap(memory, kernels.heapBase()) };
}

let current: Engine | null = null;

/** The engine that tensors use, made by initEngine(); throws if there is none yet. */
export function engine(): Engine {
  if (!current) throw new Error("The atradiff engine is not initialized: call `await initEngine()` first.");
  return current;
}

/** The engine that tensors use, or null before initEngine(). */
export function currentEngine(): Engine | null {
  return current;
}

/** Makes `e` the engine that tensors use (initEngine does this once); null: none. */
export function setCurrentEngine(e: Engine | null): void {
  current = e;
}

/** Closes the engine's worker threads (lets Node exit) and forgets it. */
export async function closeEngine(): Promise<void> {
  const e = current;
  current = null;
  if (e) await e.close();
}
