// The package's public entries (package.json exports) keep the promises of test/api/promisedNames.json:
// each entry exports its names, internals stay inside, the root entry stays small, every name that
// README.md's code and examples/ import from the package is on the list, and each entry's types file
// is where package.json says. The entries are imported by the package's own name, as a user does.
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const promised = JSON.parse(readFileSync(join(ROOT, "test", "api", "promisedNames.json"), "utf8")) as {
  entries: Record<string, string[]>;
  notExported: Record<string, string[]>;
};
const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as {
  name: string;
  exports: Record<string, string | { types: string; default: string }>;
};

/** Every `import { a, b as c, type T } from "atradiff..."` in `source`: entry -> names (types left out). */
function packageImports(source: string): [string, string][] {
  const found: [string, string][] = [];
  for (const m of source.matchAll(/import\s*\{([^}]*)\}\s*from\s*"(atradiff(?:\/[a-z]+)?)"/g))
    for (const part of m[1].split(",")) {
      const name = part.trim().split(/\s+as\s+/)[0];
      if (name !== "" && !name.startsWith("type ")) found.push([m[2], name]);
    }
  return found;
}

describe("public API", () => {
  it("has one package.json export per promised entry, with its types file", () => {
    const subpaths = Object.keys(promised.entries).map((e) =>
      e === pkg.name ? "." : `.${e.slice(pkg.name.length)}`,
    );
    assert.deepEqual(
      Object.keys(pkg.exports)
        .filter((k) => k !== "./package.json" && k !== "./wasm/*")
        .sort(),
      subpaths.sort(),
    );
    for (const s of subpaths) {
      const target = pkg.exports[s];
      assert.ok(typeof target === "object", `${s} names its types and its module`);
      assert.ok(existsSync(join(ROOT, target.types)), `${s}: ${target.types} exists`);
      assert.ok(existsSync(join(ROOT, target.default)), `${s}: ${target.default} exists`);
    }
  });

  for (const [entry, names] of Object.entries(promised.entries))
    it(`${entry} exports ${names.length} promised names`, async () => {
      const m = (await import(entry)) as Record<string, unknown>;
      const missing = names.filter((n) => m[n] === undefined);
      assert.deepEqual(missing, [], `${entry} lacks ${missing.join(", ")}`);
    });

  for (const [entry, names] of Object.entries(promised.notExported))
    it(`${entry} keeps internals inside (${names.join(", ")})`, async () => {
      const m = (await import(entry)) as Record<string, unknown>;
      assert.deepEqual(
        names.filter((n) => n in m),
        [],
      );
    });

  it("keeps the root entry small: learn and what a newcomer's first program needs", async () => {
    const root = (await import("atradiff")) as Record<string, unknown>;
    assert.ok(Object.keys(root).length <= 20, `the root exports ${Object.keys(root).length} names`);
  });

  it("lists every name README.md and examples/ import from the package", () => {
    const sources = [
      join(ROOT, "README.md"),
      ...readdirSync(join(ROOT, "examples"))
        .filter((f) => f.endsWith(".ts"))
        .map((f) => join(ROOT, "examples", f)),
    ];
    let imports = 0;
    for (const file of sources)
      for (const [entry, name] of packageImports(readFileSync(file, "utf8"))) {
        imports++;
        assert.ok(
          promised.entries[entry]?.includes(name),
          `${file} imports ${name} from "${entry}", which test/api/promisedNames.json does not promise`,
        );
      }
    assert.ok(imports > 10, `only ${imports} imports found`);
  });
});
