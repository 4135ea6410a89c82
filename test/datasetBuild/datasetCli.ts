// Runs the atradiff CLI in a child process with its own temporary data directory (removed after
// the test file), one thread.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after } from "node:test";

export function cliWithDataDirectory(prefix: string) {
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  after(() => rmSync(dataDir, { recursive: true, force: true }));
  const atradiff = (args: string[]) => {
    const r = spawnSync(process.execPath, [join(process.cwd(), "bin", "atradiff.js"), ...args], {
      encoding: "utf8",
      env: { ...process.env, ATRADIFF_DATA: dataDir, ATRADIFF_THREADS: "1" },
    });
    return { status: r.status, stdout: r.stdout, stderr: r.stderr };
  };
  return { dataDir, atradiff };
}
