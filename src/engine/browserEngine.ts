// Making the engine in a browser. The page serves the kernel binaries that `npm run build` writes
// to dist/wasm/ and names them here; the engine compiles the best one the browser can run, as Node
// does (wasmModule.ts): relaxed SIMD (kernels-relaxed.wasm) when it validates, else plain SIMD
// (kernels-simd.wasm). Same kernels, same memory layout, same results as the WebAssembly backend
// in Node. It runs on one thread: the native backend is a Node addon, and the thread pool is built
// on Node's worker_threads (a page would also need cross-origin isolation for SharedArrayBuffer).
import {
  currentEngine,
  type Engine,
  instantiateKernels,
  kernelVariant,
  setCurrentEngine,
} from "./engineInstance.js";
import { SerialGemmRunner } from "./gemmRunner.js";

/** The unshared kernel binaries, as bytes; give at least one. */
export interface KernelBinaries {
  /** dist/wasm/kernels-relaxed.wasm */
  relaxed?: BufferSource;
  /** dist/wasm/kernels-simd.wasm */
  simd?: BufferSource;
}

export interface BrowserEngineOptions {
  /** The folder (URL) that serves dist/wasm/'s files, or the binaries themselves. */
  kernels: string | URL | KernelBinaries;
  /** Force the plain-SIMD build (for comparisons); default: relaxed SIMD when the browser runs it. */
  relaxedSimd?: boolean;
}

/** Creates (once) and returns the engine that tensors use, from the given kernel binaries. */
export async function initEngine(opts: BrowserEngineOptions): Promise<Engine> {
  const existing = currentEngine();
  if (existing) return existing;
  if (opts?.kernels === undefined)
    throw new Error(
      "In a browser the engine needs its kernel binaries: initEngine({ kernels: <URL of the folder serving dist/wasm/> }).",
    );
  const candidates = opts.relaxedSimd === undefined ? [true, false] : [opts.relaxedSimd];
  for (const relaxed of candidates) {
    const bytes = await kernelBytes(opts.kernels, relaxed);
    if (!bytes || !WebAssembly.validate(bytes)) continue;
    const km = {
      module: await WebAssembly.compile(bytes),
      relaxedSimd: relaxed,
      sharedMemory: false,
      variant: kernelVariant(relaxed, false),
    };
    let parts: ReturnType<typeof instantiateKernels>;
    try {
      parts = instantiateKernels(km);
    } catch (e) {
      throw new Error(
        `The ${km.variant} kernel binary does not fit this engine (${(e as Error).message}); give the unshared ${km.variant}.wasm of this atradiff version.`,
      );
    }
    const { kernels, heap } = parts;
    const e: Engine = {
      kernels,
      heap,
      gemm: new SerialGemmRunner(kernels, heap.alloc(Math.max(kernels.gemmScratchBytes(), 64))),
      threads: 1,
      bf16Matmul: false,
      gaussianFill: null,
      relaxedSimd: relaxed,
      sharedMemory: false,
      backend: "wasm",
      description: `wasm (${relaxed ? "relaxed SIMD" : "SIMD"}), 1 thread (browser)`,
      kernelName: `wasm (${relaxed ? "relaxed SIMD" : "SIMD"})`,
      close: async () => {},
    };
    setCurrentEngine(e);
    return e;
  }
  throw new Error(
    "None of the given kernel binaries runs in this browser: the engine needs WebAssembly SIMD (kernels-simd.wasm), or relaxed SIMD too (kernels-relaxed.wasm).",
  );
}

/** The bytes of one build, fetched from the folder or taken from the given binaries; null when not given. */
async function kernelBytes(
  source: string | URL | KernelBinaries,
  relaxed: boolean,
): Promise<BufferSource | null> {
  if (typeof source !== "string" && !(source instanceof URL))
    return (relaxed ? source.relaxed : source.simd) ?? null;
  const folder = String(source).endsWith("/") ? String(source) : `${source}/`;
  const url = new URL(`${kernelVariant(relaxed, false)}.wasm`, new URL(folder, globalThis.location?.href));
  const response = await fetch(url);
  if (!response.ok)
    throw new Error(`The engine's kernel binary ${url} could not be fetched (HTTP ${response.status}).`);
  return response.arrayBuffer();
}
