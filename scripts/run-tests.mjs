// Runs every compiled test file (dist/test/**/*.test.js) with Node's built-in test runner.
// Optional arguments filter the files by substring, e.g. `node scripts/run-tests.mjs engine/gemm`.
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
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
// One file at a time: the engine uses both cores itself and timing-sensitive tests need them.
const r = spawnSync(process.execPath, ["--test", "--test-concurrency=1", ...files], { stdio: "inherit" });
process.exit(r.status ?? 1);
