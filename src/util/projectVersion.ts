// The project's version (package.json's "version"), found relative to this module
// (dist/src/util/ when built): recorded in the files atradiff writes so that a reader knows which
// version made them.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project's root directory (where package.json is). */
export const PROJECT_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

let version: string | null = null;

/** The "version" field of the project's package.json. */
export function projectVersion(): string {
  if (version === null) {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { version?: unknown };
    version = typeof pkg.version === "string" ? pkg.version : "unknown";
  }
  return version;
}
