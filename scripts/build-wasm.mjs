// Compiles the AssemblyScript kernels (assembly/) into four WebAssembly binaries under dist/wasm/:
// {relaxed-SIMD FMA, plain SIMD} x {shared memory for threads, unshared for the single-thread fallback}.
// The engine picks one at load time with WebAssembly.validate. Nothing is downloaded.
import { mkdirSync } from "node:fs";
import asc from "assemblyscript/asc";

const variants = [
  { name: "kernels-relaxed-shared", relaxed: true, shared: true },
  { name: "kernels-simd-shared", relaxed: false, shared: true },
  { name: "kernels-relaxed", relaxed: true, shared: false },
  { name: "kernels-simd", relaxed: false, shared: false },
];
mkdirSync("dist/wasm", { recursive: true });
for (const v of variants) {
  const args = [
    "assembly/index.ts",
    "-o",
    `dist/wasm/${v.name}.wasm`,
    "-O3",
    "--noAssert",
    "--runtime",
    "stub",
    "--importMemory",
    "--initialMemory",
    "1",
    "--maximumMemory",
    "65536",
    "--enable",
    "simd",
  ];
  if (v.relaxed) args.push("--enable", "relaxed-simd");
  if (v.shared) args.push("--sharedMemory", "--enable", "threads");
  const { error, stderr } = await asc.main(args);
  if (error) {
    console.error(stderr.toString());
    console.error(`Building the ${v.name} WebAssembly kernels failed: ${error.message}`);
    process.exit(1);
  }
}
console.log(`built ${variants.length} kernel variants into dist/wasm/`);
