// Files that ship with the project: the committed behavior policies (data/policies/) and the
// project's version (package.json), found relative to this module (dist/src/datasets/ when built).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const PROJECT_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/** data/policies/ of the project: <env>-<kind>.safetensors files. */
export function committedPoliciesDirectory(): string {
  return join(PROJECT_ROOT, "data", "policies");
}

export function committedPolicyPath(
  env: string,
  kind: "medium" | "expert",
  dir = committedPoliciesDirectory(),
): string {
  return join(dir, `${env}-${kind}.safetensors`);
}

let version: string | null = null;

/** The "version" field of the project's package.json. */
export function projectVersion(): string {
  if (version === null) {
    const pkg = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { version?: unknown };
    version = typeof pkg.version === "string" ? pkg.version : "unknown";
  }
  return version;
}
