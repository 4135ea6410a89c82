// The env API and the renderer must be bundleable for a browser: no module they import statically
// may be a Node built-in (node:fs, node:os, node:worker_threads...) or a Node-only package.
// Node-only pieces (VectorEnv's worker threads, the bench, PNG files) live outside this graph or
// import Node lazily. Walks the compiled modules' static imports from the two entry points.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

/** Bare packages the graph may import: both run in browsers. */
const BROWSER_PACKAGES = new Set(["@mujoco/mujoco", "gifenc"]);

/** Every bare (non-relative) static import reachable from `entry`, as "module -> specifier". */
function bareImports(entry: URL): string[] {
  const seen = new Set<string>();
  const found: string[] = [];
  const walk = (url: URL) => {
    if (seen.has(url.href)) return;
    seen.add(url.href);
    const source = readFileSync(url, "utf8");
    for (const m of source.matchAll(
      /^\s*(?:import|export)\s[^;]*?\sfrom\s+"([^"]+)"|^\s*import\s+"([^"]+)"/gm,
    )) {
      const spec = m[1] ?? m[2];
      if (spec.startsWith(".")) walk(new URL(spec, url));
      else found.push(`${fileURLToPath(url).slice(dirname(fileURLToPath(entry)).length + 1)} -> ${spec}`);
    }
  };
  walk(entry);
  assert.ok(seen.size > 5, `only ${seen.size} modules reached from ${entry.href}`);
  return found;
}

describe("browser bundling", () => {
  for (const entry of ["../../src/envs/index.js", "../../src/envs/render/index.js"])
    it(`${entry.slice(6)} imports no Node built-in or Node-only package statically`, () => {
      const offending = bareImports(new URL(entry, import.meta.url)).filter(
        (edge) => !BROWSER_PACKAGES.has(edge.split(" -> ")[1]),
      );
      assert.deepEqual(offending, []);
    });
});
