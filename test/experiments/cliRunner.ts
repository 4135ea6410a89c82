// Runs the built CLI (node bin/atradiff.js) as a user does, one engine thread per process.
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
export const CLI = join(ROOT, "bin", "atradiff.js");

export function atradiff(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ATRADIFF_THREADS: "1" },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
