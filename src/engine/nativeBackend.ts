// The native engine backend (native/, a Node-API addon built by scripts/build-native.mjs): GEMM and
// the kernels that dominate training, compiled for AVX-512 or AVX2 and run on the engine's own
// memory. It replaces those WebAssembly kernels one for one (same arguments: byte offsets into the
// memory, element counts), so tensors, autodiff and every other kernel stay as they are.
// If the addon is missing, cannot load, or this CPU lacks AVX2, the engine runs on WebAssembly and
// says why.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import type { GemmArgs, GemmRunner } from "./gemmRunner.js";
import type { KernelExports } from "./kernelExports.js";

export type BackendName = "native" | "wasm";

/**
 * Fills `out` as Rng.fillGaussian(out, mean, std) would from the generator state
 * [s0, s1, s2, s3, hasSpare, spare], and leaves the state the generator would have after.
 */
export type GaussianFill = (out: Float64Array, state: Float64Array, mean: number, std: number) => void;

/** The kernels the addon implements, by their KernelExports names. */
export const NATIVE_KERNELS = [
  "unaryForward",
  "unaryBackward",
  "activationGradInPlace",
  "biasActForward",
  "affine",
  "axpy",
  "sumAxis",
  "adamStep",
  "lerpInto",
  "fill",
  "layerNormForward",
  "layerNormBackward",
  "sumSquares",
  "binary",
] as const satisfies readonly (keyof KernelExports)[];

/** One engine's native kernels, bound to its memory and its own threads (native/addon.c). */
export interface NativeContext extends Pick<KernelExports, (typeof NATIVE_KERNELS)[number]> {
  /** "AVX-512" or "AVX2". */
  readonly isa: string;
  /** Products with fewer FLOPs run on the calling thread alone; larger ones one part per thread. */
  readonly parallelMinFlops: number;
  /** Kernels touching fewer floats run on the calling thread alone; larger ones one range per thread. */
  readonly splitMinFloats: number;
  setMemory(memory: Uint8Array): void;
  close(): void;
  /** The operands of KernelExports.gemm, then a batch of products with their strides (floats). */
  gemm(...args: GemmCall): void;
  gaussianFill: GaussianFill;
  /** gemm with bf16 operands and fp32 sums (native/gemm_bf16.c); absent on CPUs without AVX512_BF16. */
  gemmBf16?(...args: GemmCall): void;
}

type GemmCall = [...GemmOperands, batch: number, strideA: number, strideB: number, strideC: number];

/** transA .. ldc of KernelExports.gemm (without its column range and scratch). */
type GemmOperands =
  Parameters<KernelExports["gemm"]> extends [...infer Head, number, number, number] ? Head : never;

interface NativeAddon {
  createContext(memory: Uint8Array, threads: number, isa: string): NativeContext;
}

export const DEFAULT_ADDON_PATH = fileURLToPath(new URL("../../native/atradiff.node", import.meta.url));

/** The addon, or why it cannot be used. */
export type AddonLoad = { addon: NativeAddon; reason: null } | { addon: null; reason: string };

const loaded = new Map<string, AddonLoad>();

export function loadNativeAddon(path = DEFAULT_ADDON_PATH): AddonLoad {
  const hit = loaded.get(path);
  if (hit) return hit;
  let result: AddonLoad;
  try {
    result = { addon: createRequire(import.meta.url)(path) as NativeAddon, reason: null };
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND";
    result = {
      addon: null,
      reason: missing
        ? `the native addon ${path} was not built (npm ci builds it when a C compiler is present)`
        : `the native addon ${path} did not load: ${(e as Error).message}`,
    };
  }
  loaded.set(path, result);
  return result;
}

/** ATRADIFF_BACKEND: "native", "wasm", or unset/"auto" (native when it loads, else WebAssembly). */
export function requestedBackend(value = process.env.ATRADIFF_BACKEND): BackendName | "auto" {
  if (value === undefined || value === "" || value === "auto") return "auto";
  if (value === "native" || value === "wasm") return value;
  throw new Error(`ATRADIFF_BACKEND must be "native", "wasm" or "auto", got "${value}".`);
}

/** ATRADIFF_NATIVE_ISA: "avx512" or "avx2" forces an instruction set (for comparisons); unset: the best. */
export function requestedIsa(value = process.env.ATRADIFF_NATIVE_ISA): string {
  if (value === undefined || value === "") return "";
  if (value === "avx512" || value === "avx2") return value;
  throw new Error(`ATRADIFF_NATIVE_ISA must be "avx512" or "avx2", got "${value}".`);
}

/** The WebAssembly kernels with the native ones in their place. */
export function withNativeKernels(wasm: KernelExports, ctx: NativeContext): KernelExports {
  const kernels: KernelExports = { ...wasm };
  for (const name of NATIVE_KERNELS) (kernels as unknown as Record<string, unknown>)[name] = ctx[name];
  return kernels;
}

/** Every product on the addon's threads (split as native/addon.c's plan() says). */
export class NativeGemmRunner implements GemmRunner {
  constructor(
    private readonly ctx: NativeContext,
    readonly threads: number,
  ) {}

  gemm(g: GemmArgs): void {
    const batch = g.batch ?? 1;
    const dims = [g.m, g.n, g.k, batch];
    if (!dims.every((d) => Number.isInteger(d) && d >= 0))
      throw new Error(
        `A matrix product needs non-negative integer sizes, got m=${g.m} n=${g.n} k=${g.k} batch=${batch}.`,
      );
    const run = g.precision === "bf16" && this.ctx.gemmBf16 ? this.ctx.gemmBf16 : this.ctx.gemm;
    run.call(
      this.ctx,
      g.transA ? 1 : 0,
      g.transB ? 1 : 0,
      g.m,
      g.n,
      g.k,
      g.alpha,
      g.a,
      g.lda,
      g.b,
      g.ldb,
      g.beta,
      g.c,
      g.ldc,
      batch,
      g.strideA ?? 0,
      g.strideB ?? 0,
      g.strideC ?? 0,
    );
  }

  async close(): Promise<void> {
    this.ctx.close();
  }
}
