// The run lock: one process at a time per run; a lock left by a dead process (or by a zombie: killed
// but not yet reaped) is taken over, a live owner is named in one sentence.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { processAlive } from "../../src/util/processAlive.js";
import { takeRunLock } from "../../src/util/runLock.js";

const dir = mkdtempSync(join(tmpdir(), "atradiff-lock-"));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Starts `sh -c script` and resolves with the first line it prints. */
function firstLine(script: string): Promise<{ line: string; kill: () => void }> {
  const child = spawn("sh", ["-c", script], { stdio: ["ignore", "pipe", "ignore"] });
  return new Promise((resolve) => {
    let out = "";
    child.stdout.on("data", (c: Buffer) => {
      out += c.toString("utf8");
      if (out.includes("\n")) resolve({ line: out.split("\n")[0], kill: () => child.kill("SIGKILL") });
    });
  });
}

describe("run lock", () => {
  it("is exclusive while its owner lives and released after", () => {
    const path = join(dir, "a.lock");
    const release = takeRunLock(path, "The run a");
    assert.equal(readFileSync(path, "utf8"), `${process.pid}\n`);
    release();
    assert.equal(existsSync(path), false);
  });

  it("names a live owner, and takes over the lock of a dead one or a zombie", async () => {
    const path = join(dir, "b.lock");
    // `sleep 0` exits at once and stays a zombie: its parent (exec'd into sleep 30) never reaps it.
    const zombie = await firstLine("sleep 0 & echo $!; exec sleep 30");
    const live = await firstLine("echo $$; exec sleep 30");
    try {
      await new Promise((r) => setTimeout(r, 200));
      const zombiePid = Number(zombie.line);
      const livePid = Number(live.line);
      assert.equal(processAlive(livePid), true);
      assert.equal(processAlive(zombiePid), false, "a zombie is not alive");
      writeFileSync(path, `${livePid}\n`);
      assert.throws(
        () => takeRunLock(path, "The run b"),
        new RegExp(
          `^Error: The run b is in use by process ${livePid} \\(lock file ${path}\\); wait for it or stop it first\\.$`,
        ),
      );
      writeFileSync(path, `${zombiePid}\n`);
      takeRunLock(path, "The run b")();
      writeFileSync(path, "not a pid\n");
      takeRunLock(path, "The run b")();
    } finally {
      zombie.kill();
      live.kill();
    }
  });
});
