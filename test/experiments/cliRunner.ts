// Runs the built CLI (node bin/atradiff.js) as a user does, one engine thread per process.
import assert from "node:assert/strict";
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
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

function waitForExit(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => child.on("exit", () => resolve()));
}

/** Polls until some seed has a checkpoint that is not the final one, then kills the whole process group. */
export async function killAfterFirstCheckpoint(child: ChildProcess, seedDirs: string[]): Promise<number> {
  const exited = waitForExit(child);
  for (;;) {
    for (const dir of seedDirs) {
      const pointer = join(dir, "checkpoints", "latest.json");
      if (!existsSync(pointer)) continue;
      const name = (JSON.parse(readFileSync(pointer, "utf8")) as { checkpoint: string }).checkpoint;
      const state = JSON.parse(readFileSync(join(dir, "checkpoints", name, "loop.json"), "utf8")) as {
        step: number;
        finished: boolean;
      };
      process.kill(-child.pid!, "SIGKILL");
      await exited;
      assert.equal(state.finished, false, "the run was killed before it finished");
      return state.step;
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** `atradiff <args>` started in its own process group (so that a kill reaches its seed workers). */
export function spawnAtradiff(args: string[]): ChildProcess {
  return spawn(process.execPath, [CLI, ...args], {
    cwd: ROOT,
    detached: true,
    stdio: "ignore",
    env: { ...process.env, ATRADIFF_THREADS: "1" },
  });
}
