// Making the engine in Node: kernels, memory, allocator and the GEMM runner (thread pool).
// One engine per JavaScript thread, created once with `await initEngine()`. Its backend is the
// native addon (nativeBackend.ts) when it loads, else the WebAssembly kernels; ATRADIFF_BACKEND
// chooses. Either way every tensor lives in one WebAssembly.Memory. (In a browser,
// browserEngine.ts makes it instead; what both share is in engineInstance.ts.)
import { availableParallelism } from "node:os";
import {
  currentEngine,
  type Engine,
  instantiateKernels,
  type KernelModule,
  setCurrentEngine,
} from "./engineInstance.js";
import { type GemmRunner, SerialGemmRunner } from "./gemmRunner.js";
import type { Heap } from "./heap.js";
import type { KernelExports } from "./kernelExports.js";
import {
  type BackendName,
  loadNativeAddon,
  type NativeContext,
  NativeGemmRunner,
  requestedBackend,
  requestedIsa,
  withNativeKernels,
} from "./nativeBackend.js";
import { loadKernelModule } from "./wasmModule.js";

export { closeEngine, type Engine, engine } from "./engineInstance.js";

export interface EngineOptions {
  /** Threads for matrix products; default ATRADIFF_THREADS or the number of cores. */
  threads?: number;
  /** Force the plain-SIMD build (for comparisons); default: relaxed SIMD when available. */
  relaxedSimd?: boolean;
  /** "native", "wasm" or "auto" (native when it loads); default ATRADIFF_BACKEND, else "auto". */
  backend?: BackendName | "auto";
  /** Where the native addon is (tests point it elsewhere to prove the fallback). */
  nativeAddonPath?: string;
  /** "avx512" or "avx2" forces the native instruction set; default ATRADIFF_NATIVE_ISA, else the best. */
  nativeIsa?: string;
}

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
  const wanted = opts.backend ?? requestedBackend();
  const km: KernelModule = loadKernelModule({ relaxed: opts.relaxedSimd });
  const { kernels: wasmKernels, heap } = instantiateKernels(km);
  const memory = heap.memory;
  const wasmName = `wasm (${km.relaxedSimd ? "relaxed SIMD" : "SIMD"})`;
  let whyNotNative =
    opts.backend === "wasm" ? "the WebAssembly backend was asked for" : "ATRADIFF_BACKEND=wasm";
  if (wanted !== "wasm") {
    const native = openNative(memory, threads, opts.nativeAddonPath, opts.nativeIsa ?? requestedIsa());
    if (native.ctx) {
      const ctx = native.ctx;
      heap.onGrow = () => ctx.setMemory(new Uint8Array(memory.buffer));
      return {
        kernels: withNativeKernels(wasmKernels, ctx),
        heap,
        gemm: new NativeGemmRunner(ctx, threads),
        threads,
        relaxedSimd: km.relaxedSimd,
        sharedMemory: km.sharedMemory,
        backend: "native",
        bf16Matmul: ctx.gemmBf16 !== undefined,
        gaussianFill: ctx.gaussianFill.bind(ctx),
        description: `native (${ctx.isa}), ${threads} thread${threads > 1 ? "s" : ""}`,
        kernelName: `native (${ctx.isa})`,
        close: async () => ctx.close(),
      };
    }
    if (wanted === "native")
      throw new Error(`ATRADIFF_BACKEND=native, but the native engine backend cannot run: ${native.reason}.`);
    whyNotNative = native.reason;
  }
  const gemm = await createGemmRunner(km, wasmKernels, heap, km.sharedMemory ? threads : 1);
  return {
    kernels: wasmKernels,
    heap,
    gemm,
    threads: gemm.threads,
    relaxedSimd: km.relaxedSimd,
    sharedMemory: km.sharedMemory,
    backend: "wasm",
    bf16Matmul: false,
    gaussianFill: null,
    description: `${wasmName}, ${gemm.threads} thread${gemm.threads > 1 ? "s" : ""} (native backend off: ${whyNotNative})`,
    kernelName: wasmName,
    close: () => gemm.close(),
  };
}

function openNative(
  memory: WebAssembly.Memory,
  threads: number,
  addonPath: string | undefined,
  isa: string,
): { ctx: NativeContext; reason: null } | { ctx: null; reason: string } {
  const load = loadNativeAddon(addonPath);
  if (!load.addon) return { ctx: null, reason: load.reason };
  try {
    return {
      ctx: load.addon.createContext(new Uint8Array(memory.buffer), threads, isa),
      reason: null,
    };
  } catch (e) {
    return { ctx: null, reason: (e as Error).message };
  }
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

/** What an engine with `threads` threads would run on (its description), e.g. for a start-up line. */
export async function describeEngineFor(threads: number): Promise<string> {
  const e = await createEngine({ threads });
  const text = e.description;
  await e.close();
  return text;
}

/** Creates (once) and returns the engine that tensors use. */
export async function initEngine(opts: EngineOptions = {}): Promise<Engine> {
  const existing = currentEngine();
  if (existing) return existing;
  const created = await createEngine(opts);
  setCurrentEngine(created);
  return created;
}

/** Whether initEngine() has made the engine (and closeEngine() has not closed it since). */
export function engineInitialized(): boolean {
  return currentEngine() !== null;
}
