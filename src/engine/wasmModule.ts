// Finds, validates and compiles the best kernel binary this Node runtime can run (a browser is
// given the binary instead: browserEngine.ts):
// relaxed-SIMD FMA when available (the faster GEMM: results/engine.md), plain SIMD otherwise; shared memory when
// SharedArrayBuffer exists (threads), unshared otherwise (single-thread fallback).
import { readFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { type KernelModule, kernelVariant } from "./engineInstance.js";

export type { KernelModule };

let relaxedFlagSet = false;
function enableRelaxedSimdFlag(): void {
  // Node 20 (V8 11.3) ships relaxed SIMD behind a flag; it must be set before compiling.
  if (relaxedFlagSet) return;
  relaxedFlagSet = true;
  try {
    setFlagsFromString("--experimental-wasm-relaxed-simd");
  } catch {
    // Not fatal: validation below then rejects the relaxed build and we use plain SIMD.
  }
}

function wasmBytes(variant: string): Uint8Array<ArrayBuffer> {
  const url = new URL(`../../wasm/${variant}.wasm`, import.meta.url);
  try {
    return new Uint8Array(readFileSync(url));
  } catch {
    throw new Error(
      `The WebAssembly kernels ${url.pathname} are missing; run \`npm run build\` (npm ci does this).`,
    );
  }
}

const cache = new Map<string, KernelModule>();

export function loadKernelModule(opts: { shared?: boolean; relaxed?: boolean } = {}): KernelModule {
  const shared = opts.shared ?? typeof SharedArrayBuffer !== "undefined";
  const key = `${shared}-${opts.relaxed ?? "auto"}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const candidates: boolean[] = opts.relaxed === undefined ? [true, false] : [opts.relaxed];
  for (const relaxed of candidates) {
    if (relaxed) enableRelaxedSimdFlag();
    const variant = kernelVariant(relaxed, shared);
    const bytes = wasmBytes(variant);
    if (!WebAssembly.validate(bytes)) continue;
    const km: KernelModule = {
      module: new WebAssembly.Module(bytes),
      relaxedSimd: relaxed,
      sharedMemory: shared,
      variant,
    };
    cache.set(key, km);
    return km;
  }
  throw new Error("This JavaScript runtime cannot run WebAssembly SIMD, which the atradiff engine needs.");
}
