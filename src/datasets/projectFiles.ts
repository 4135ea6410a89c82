// Files that ship with the project: the committed behavior policies (data/policies/) and the
// project's version (package.json), found relative to this module (dist/src/datasets/ when built).
import { join } from "node:path";
import { PROJECT_ROOT } from "../util/projectVersion.js";

export { projectVersion } from "../util/projectVersion.js";

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
