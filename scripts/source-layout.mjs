// Prints the shape of src/: how many source files, how long they are, and how they spread over
// folders (issue 21, "Reading it"). Re-run after a restructuring to compare:
//   node scripts/source-layout.mjs [--json]
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const srcDir = join(root, "src");

function sourceFiles(dir) {
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...sourceFiles(path));
    else if (entry.name.endsWith(".ts")) files.push(path);
  }
  return files;
}

function lineCount(path) {
  const text = readFileSync(path, "utf8");
  if (text.length === 0) return 0;
  return text.split("\n").length - (text.endsWith("\n") ? 1 : 0);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const files = sourceFiles(srcDir).map((path) => ({
  path: relative(srcDir, path).split("\\").join("/"),
  lines: lineCount(path),
}));
const lines = files.map((file) => file.lines);

// Per folder: files directly in it ("root") and in it with all its subfolders ("total").
const folders = new Map();
for (const file of files) {
  const parts = file.path.split("/").slice(0, -1);
  for (let depth = 0; depth <= parts.length; depth += 1) {
    const folder = depth === 0 ? "." : parts.slice(0, depth).join("/");
    const entry = folders.get(folder) ?? { root: 0, total: 0, lines: 0 };
    entry.total += 1;
    entry.lines += file.lines;
    if (depth === parts.length) entry.root += 1;
    folders.set(folder, entry);
  }
}

// Benchmark code: files under a folder named bench (anywhere) or named *Bench*.ts.
const benchFiles = files.filter(
  (file) => /(^|\/)bench\//.test(file.path) || /Bench[^/]*\.ts$/.test(file.path),
);
const benchInLayers = benchFiles.filter((file) => !file.path.startsWith("bench/"));

const summary = {
  files: files.length,
  lines: lines.reduce((a, b) => a + b, 0),
  medianLines: median(lines),
  under40Lines: lines.filter((count) => count < 40).length,
  benchFiles: benchFiles.length,
  benchLinesInsideLibraryLayers: benchInLayers.reduce((sum, file) => sum + file.lines, 0),
  folders: Object.fromEntries([...folders.entries()].sort(([a], [b]) => a.localeCompare(b))),
};

if (process.argv.includes("--json")) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  console.log(`source files in src/: ${summary.files} (${summary.lines} lines)`);
  console.log(`median lines per file: ${summary.medianLines}`);
  console.log(`files under 40 lines: ${summary.under40Lines}`);
  console.log(
    `benchmark files: ${summary.benchFiles}; benchmark lines inside library layers: ${summary.benchLinesInsideLibraryLayers}`,
  );
  console.log("folder                                  files at its root   files in all   lines");
  for (const [folder, entry] of Object.entries(summary.folders)) {
    console.log(
      `${folder.padEnd(40)}${String(entry.root).padStart(17)}${String(entry.total).padStart(15)}${String(entry.lines).padStart(8)}`,
    );
  }
}
