// Repairs relative imports that point at a source file which has since moved (a branch written
// before a restructuring, merged after it). For each import in src/, test/, scripts/ and results/
// whose target does not exist, it looks for the one file in src/ or test/ with the same name and
// rewrites the specifier to it; a name found twice or not at all is reported, not guessed.
//   node scripts/fix-moved-imports.mjs            list what it would change
//   node scripts/fix-moved-imports.mjs --write    change the files
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const write = process.argv.includes("--write");

function walk(dir) {
  if (!existsSync(dir)) return [];
  const files = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...walk(path));
    else files.push(path);
  }
  return files;
}

const sources = [...walk(join(root, "src")), ...walk(join(root, "test"))].filter((f) => f.endsWith(".ts"));
const byName = new Map();
for (const file of sources) {
  const name = basename(file);
  byName.set(name, [...(byName.get(name) ?? []), file]);
}

// A specifier resolves to a .ts source (imports name the compiled .js) or, under dist/, to its compiled twin.
function sourceOf(target) {
  const inDist = target.startsWith(`${join(root, "dist")}/`);
  const path = inDist ? join(root, relative(join(root, "dist"), target)) : target;
  return { inDist, source: path.replace(/\.js$/, ".ts") };
}

const pattern = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|new URL\(\s*)(["'])(\.{1,2}\/[^"']*\.js)\2/g;
const files = [
  ...sources,
  ...[...walk(join(root, "scripts")), ...walk(join(root, "results"))].filter((f) => /\.(mjs|ts)$/.test(f)),
];
let unresolved = 0;
for (const file of files) {
  const text = readFileSync(file, "utf8");
  const fixed = text.replace(pattern, (match, before, quote, specifier) => {
    const { inDist, source } = sourceOf(resolve(dirname(file), specifier));
    if (existsSync(source) || existsSync(source.replace(/\.ts$/, ".js"))) return match;
    const candidates = byName.get(basename(source)) ?? [];
    if (candidates.length !== 1) {
      unresolved += 1;
      console.log(
        `${relative(root, file)}: ${specifier} ${candidates.length === 0 ? "matches no file" : `matches ${candidates.length} files`}`,
      );
      return match;
    }
    let target = candidates[0].replace(/\.ts$/, ".js");
    if (inDist) target = join(root, "dist", relative(root, target));
    let next = relative(dirname(file), target);
    if (!next.startsWith(".")) next = `./${next}`;
    console.log(`${relative(root, file)}: ${specifier} -> ${next}`);
    return `${before}${quote}${next}${quote}`;
  });
  if (write && fixed !== text) writeFileSync(file, fixed);
}
if (unresolved > 0) process.exitCode = 1;
