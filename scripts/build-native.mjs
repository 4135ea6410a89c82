// Compiles the native engine backend (native/*.c, a Node-API addon) into dist/native/atradiff.node
// with the C compiler found on this machine and the headers of the Node running this script.
// Nothing is downloaded. If the compiler or the headers are missing, or compiling fails, it prints
// one line and exits 0: the engine then runs on WebAssembly (src/engine/nativeBackend.ts says why).
// Skipped when the addon is newer than every source file and this script (npm ci runs it from `install` and again
// from `build`).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "native");
const outDir = join(root, "dist", "native");
const out = join(outDir, "atradiff.node");

/** Translation units and the instruction sets they are compiled for. */
const UNITS = [
  { file: "addon.c", flags: [] },
  { file: "pool.c", flags: [] },
  { file: "ops_napi.c", flags: [] },
  { file: "gemm_avx512.c", flags: ["-mavx512f", "-mfma"] },
  { file: "gemm_avx2.c", flags: ["-mavx2", "-mfma"] },
  { file: "gemm_bf16.c", flags: ["-mavx512f", "-mavx512bw", "-mavx512vl", "-mavx512bf16", "-mfma"] },
  { file: "ops_avx512.c", flags: ["-mavx512f", "-mavx512dq", "-mavx512vl", "-mfma"] },
  { file: "ops_avx2.c", flags: ["-mavx2", "-mfma"] },
];
const COMMON = [
  "-std=gnu11",
  "-O3",
  "-fPIC",
  "-pthread",
  "-fvisibility=hidden",
  "-Wall",
  "-Wno-psabi",
  "-fno-math-errno",
  // No implicit multiply-add fusion: the AVX-512 and AVX2 builds (and vmath_f64.h's fdlibm
  // polynomials) then round alike; the kernels' explicit FMA intrinsics are unaffected.
  "-ffp-contract=off",
];

function skip(reason) {
  console.log(`native engine backend not built (${reason}); atradiff runs on its WebAssembly engine.`);
  process.exit(0);
}

// The kernels' sources and this script (its flags): a change to either rebuilds the addon.
const sources = [...readdirSync(src).map((f) => join(src, f)), fileURLToPath(import.meta.url)];
if (existsSync(out) && sources.every((f) => statSync(f).mtimeMs <= statSync(out).mtimeMs)) process.exit(0);

if (process.platform !== "linux" || !["x64"].includes(process.arch))
  skip(`its kernels are for x86-64 Linux, this is ${process.platform}-${process.arch}`);
const includeDirs = [join(dirname(process.execPath), "..", "include", "node"), "/usr/include/node"];
const include = includeDirs.find((d) => existsSync(join(d, "node_api.h")));
if (!include) skip(`no Node-API headers in ${includeDirs.join(" or ")}`);
const cc = process.env.CC || "cc";
if (spawnSync(cc, ["--version"], { stdio: "ignore" }).status !== 0) skip(`no C compiler (${cc})`);

mkdirSync(outDir, { recursive: true });

/** Compiles one unit; resolves to its object file, or null after printing the compiler's errors. */
function compile(unit) {
  const obj = join(outDir, unit.file.replace(/\.c$/, ".o"));
  const args = [...COMMON, ...unit.flags, `-I${include}`, "-c", join(src, unit.file), "-o", obj];
  return new Promise((resolve) => {
    const child = spawn(cc, args, { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", () => resolve(null));
    child.on("close", (code) => {
      if (code === 0) return resolve(obj);
      process.stderr.write(stderr);
      resolve(null);
    });
  });
}

// As many compilers at once as there are cores.
const objects = [];
const queue = [...UNITS];
const workers = Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
  for (let unit = queue.shift(); unit; unit = queue.shift()) {
    const obj = await compile(unit);
    if (!obj) skip(`compiling native/${unit.file} failed`);
    objects.push(obj);
  }
});
await Promise.all(workers);
// Linked to a temporary name first, so that an interrupted build never leaves a broken addon.
const tmp = `${out}.tmp`;
const link = spawnSync(cc, ["-shared", "-pthread", ...objects, "-o", tmp, "-lm"], { encoding: "utf8" });
for (const obj of objects) rmSync(obj, { force: true });
if (link.status !== 0) {
  process.stderr.write(link.stderr);
  skip("linking the addon failed");
}
renameSync(tmp, out);
console.log("built the native engine backend into dist/native/atradiff.node");
