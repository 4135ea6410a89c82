// The layer rule of DESIGN.md ("dependencies point downwards only"), checked on the import graph of
// src/: every relative import (static, type-only, re-export or `await import(...)`, as TypeScript's
// own pre-processor finds them) between two top-level folders of src/ must point to a lower layer.
// A new top-level folder fails here until it is given its place in LAYERS.
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const SRC = fileURLToPath(new URL("../../../src/", import.meta.url));

/**
 * The layers of src/, bottom first (DESIGN.md's list read upwards). Folders in one row are
 * siblings: neither may import the other. "index.ts" is the package entry at src/'s root.
 */
const LAYERS: readonly (readonly string[])[] = [
  ["util"],
  // Every setting's schema, default and doc (zod and util only).
  ["settings"],
  ["engine"],
  ["nn", "envs"],
  ["data"],
  ["agents"],
  ["diffusion"],
  ["atradiff", "baselines"],
  ["experiments"],
  // The dataset recipes train their behavior policies with the run loops of experiments/.
  ["datasets"],
  // The pipeline drives datasets, generators and runs; the benchmarks sit outside the library.
  ["pipeline", "bench"],
  ["cli"],
  // The package's entries: Node's (index.ts) and the browser's (browser.ts, engine, envs, renderer
  // and generator sampling without Node built-ins).
  ["index.ts", "browser.ts"],
];

/** The parts of the method inside atradiff/, bottom first (issue 19's windows, generator, training). */
const ATRADIFF_PARTS: readonly (readonly string[])[] = [
  ["windows"],
  ["generator"],
  ["training", "fidelity", "augmented", "adaptation"],
  // The actions of `atradiff diffuser ...` (the CLI's table calls them).
  ["commands", "index.ts"],
];

type Edge = { from: string; to: string; file: string; specifier: string };

function sourceFiles(dir: string): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (entry.name.endsWith(".ts")) files.push(path);
  }
  return files;
}

/** Every relative import in src/, as (importing file, imported file), paths relative to src/. */
function importGraph(): { file: string; target: string; specifier: string }[] {
  const imports: { file: string; target: string; specifier: string }[] = [];
  for (const path of sourceFiles(SRC)) {
    const { importedFiles } = ts.preProcessFile(readFileSync(path, "utf8"), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith(".")) continue;
      imports.push({
        file: relative(SRC, path),
        target: relative(SRC, resolve(dirname(path), fileName)),
        specifier: fileName,
      });
    }
  }
  return imports;
}

/** The folder a path belongs to, `depth` levels below `within` ("" = src/ itself); a file at that level is its own name. */
function folderOf(path: string, within: string, depth = 1): string | null {
  const parts = path.split(/[\\/]/);
  const prefix = within === "" ? [] : within.split("/");
  if (!prefix.every((part, i) => parts[i] === part)) return null;
  const rest = parts.slice(prefix.length);
  return rest.length > depth ? rest[depth - 1] : rest[rest.length - 1];
}

function edgesBetweenFolders(within: string): Edge[] {
  const edges: Edge[] = [];
  for (const { file, target, specifier } of importGraph()) {
    const from = folderOf(file, within);
    const to = folderOf(target, within);
    if (from !== null && to !== null && from !== to) edges.push({ from, to, file, specifier });
  }
  return edges;
}

/** Imports that do not point to a strictly lower row, and folders the order does not place. */
function layerViolations(edges: readonly Edge[], layers: readonly (readonly string[])[]): string[] {
  const rank = new Map<string, number>();
  layers.forEach((row, i) => {
    for (const folder of row) rank.set(folder, i);
  });
  const problems = new Set<string>();
  for (const edge of edges) {
    const from = rank.get(edge.from);
    const to = rank.get(edge.to);
    if (from === undefined || to === undefined) {
      const unplaced = from === undefined ? edge.from : edge.to;
      problems.add(
        `${unplaced} is not in the layer order; give it a row in test/architecture/layers.test.ts`,
      );
    } else if (to >= from) {
      const kind = to === from ? "a sibling layer" : "a higher layer";
      problems.add(`${edge.file} imports ${edge.specifier}: ${edge.from} -> ${edge.to} points to ${kind}`);
    }
  }
  return [...problems];
}

/** Every cycle of the folder graph, as the folders of one strongly connected component (Tarjan). */
function folderCycles(edges: readonly Edge[]): string[][] {
  const next = new Map<string, Set<string>>();
  for (const { from, to } of edges) {
    if (!next.has(from)) next.set(from, new Set());
    if (!next.has(to)) next.set(to, new Set());
    next.get(from)?.add(to);
  }
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string): void => {
    index.set(node, index.size);
    low.set(node, index.get(node) ?? 0);
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(to) ?? 0));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(to) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

describe("layers of src/", () => {
  const layerEdges = edgesBetweenFolders("");

  it("has no import cycle between two top-level folders", () => {
    assert.deepEqual(folderCycles(layerEdges), []);
  });

  it("imports only downwards in DESIGN.md's layer order, and every folder has a place in it", () => {
    assert.ok(
      layerEdges.length > 100,
      `only ${layerEdges.length} imports between folders were found in ${SRC}`,
    );
    assert.deepEqual(layerViolations(layerEdges, LAYERS), []);
  });

  it("keeps atradiff/'s parts in order: windows below the generator, the generator below its training and users", () => {
    const partEdges = edgesBetweenFolders("atradiff");
    assert.ok(partEdges.length > 20, `only ${partEdges.length} imports between atradiff/'s parts were found`);
    assert.deepEqual(folderCycles(partEdges), []);
    assert.deepEqual(layerViolations(partEdges, ATRADIFF_PARTS), []);
  });

  it("the checks report a cycle, an upward import, a sibling import and an unplaced folder in a made-up graph", () => {
    const edge = (from: string, to: string): Edge => ({
      from,
      to,
      file: `${from}/a.ts`,
      specifier: `../${to}/b.js`,
    });
    const order = [["low"], ["mid", "side"], ["high"]];
    assert.deepEqual(folderCycles([edge("high", "mid"), edge("mid", "low"), edge("low", "high")]), [
      ["high", "low", "mid"],
    ]);
    assert.deepEqual(layerViolations([edge("high", "mid"), edge("mid", "low")], order), []);
    assert.deepEqual(layerViolations([edge("low", "high")], order), [
      "low/a.ts imports ../high/b.js: low -> high points to a higher layer",
    ]);
    assert.deepEqual(layerViolations([edge("mid", "side")], order), [
      "mid/a.ts imports ../side/b.js: mid -> side points to a sibling layer",
    ]);
    assert.deepEqual(layerViolations([edge("high", "new")], order), [
      "new is not in the layer order; give it a row in test/architecture/layers.test.ts",
    ]);
  });
});
