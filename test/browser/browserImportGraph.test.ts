// The browser entry's import graph, as a bundler targeting browsers resolves it (esbuild, platform
// "browser"): no module in it may import a Node built-in, with or without the "node:" prefix, at
// the top or dynamically. The one allowed exception is outside this repository: @mujoco/mujoco's
// Emscripten loader imports "module" dynamically, only when it finds itself running in Node.
import assert from "node:assert/strict";
import { builtinModules } from "node:module";
import { relative } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const distRoot = fileURLToPath(new URL("../../", import.meta.url)); // dist/
const packageRoot = fileURLToPath(new URL("../../../", import.meta.url));
const ALLOWED = ["node_modules/@mujoco/mujoco/mujoco.js imports module (dynamic-import)"];

function isBuiltin(path: string): boolean {
  return path.startsWith("node:") || builtinModules.includes(path.split("/")[0]);
}

/** Every import of a Node built-in in the graph, as "<importer> imports <path> (<kind>)". */
async function builtinImports(entry: string): Promise<{ found: string[]; inputs: string[] }> {
  const found: string[] = [];
  const recordBuiltins: Plugin = {
    name: "record-node-builtins",
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (!isBuiltin(args.path)) return undefined;
        found.push(`${relative(packageRoot, args.importer)} imports ${args.path} (${args.kind})`);
        return { path: args.path, external: true };
      });
    },
  };
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
    plugins: [recordBuiltins],
  });
  return { found, inputs: Object.keys(result.metafile.inputs) };
}

describe("the browser entry's import graph", () => {
  it("imports no Node built-in module (only @mujoco/mujoco's Node-only branch does)", async () => {
    const { found } = await builtinImports(`${distRoot}src/browser.js`);
    assert.deepEqual(found, ALLOWED);
  });

  it("takes the browser's host answers, and the engine, envs, renderer and generator from the library", async () => {
    const { inputs } = await builtinImports(`${distRoot}src/browser.js`);
    const has = (file: string) => inputs.some((i) => i.endsWith(file));
    assert.ok(has("dist/src/util/hostBrowser.js") && !has("dist/src/util/hostNode.js"));
    for (const file of [
      "engine/browserEngine.js",
      "envs/mujoco/hopper.js",
      "envs/render/rayCaster.js",
      "atradiff/generator/trajectoryGenerator.js",
    ])
      assert.ok(has(`dist/src/${file}`), file);
  });

  it("would see a Node built-in imported by the main entry", async () => {
    const { found } = await builtinImports(`${distRoot}src/index.js`);
    assert.ok(
      found.some((f) => f.startsWith("dist/src/") && f.includes("node:fs")),
      found.join("\n"),
    );
  });
});
