// Runs every compiled test file (dist/test/**/*.test.js) with Node's built-in test runner.
// Optional arguments filter the files by substring, e.g. `node scripts/run-tests.mjs engine/gemm`.
// The engine runs on its native backend when that is built; the files whose numbers depend on the
// backend (BOTH_BACKENDS) then run a second time with ATRADIFF_BACKEND=wasm.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

function find(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...find(p));
    else if (name.endsWith(".test.js")) out.push(p);
  }
  return out;
}
const filters = process.argv.slice(2);
const files = find("dist/test")
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort();
if (files.length === 0) {
  console.error("No test files found under dist/test; run `npm run build` first.");
  process.exit(1);
}
const BOTH_BACKENDS = [
  "dist/test/engine/",
  "dist/test/nn/",
  "dist/test/bench/engine/",
  "sacReference",
  "redqReference",
  "td3bcReference",
  "edmReference",
];
const NATIVE_ADDON = "dist/native/atradiff.node";

// One file at a time: the engine uses both cores itself and timing-sensitive tests need them.
function run(list, env) {
  return spawnSync(process.execPath, ["--test", "--test-concurrency=1", ...list], {
    stdio: "inherit",
    env: { ...process.env, ...env },
  }).status;
}
let status = run(files, {});
const again = files.filter((f) => BOTH_BACKENDS.some((s) => f.includes(s)));
if (process.env.ATRADIFF_BACKEND === "wasm" || again.length === 0) process.exit(status ?? 1);
if (!existsSync(NATIVE_ADDON)) {
  console.log(`# ${NATIVE_ADDON} is not built: every test ran on the WebAssembly backend.`);
  process.exit(status ?? 1);
}
console.log(`# again on the WebAssembly backend (ATRADIFF_BACKEND=wasm): ${again.length} files`);
const wasmStatus = run(again, { ATRADIFF_BACKEND: "wasm" });
if (status === 0) status = wasmStatus;
process.exit(status ?? 1);
