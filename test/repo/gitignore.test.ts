// What the experiments publish must reach git, and what they train must not: `runs/` at the root is
// ignored, while results/<experiment>/runs/ (published configs and metrics) is not. A pattern that
// matched both once kept the central claim's metrics out of every commit.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const ignored = (path: string) =>
  spawnSync("git", ["check-ignore", "-q", "--no-index", path], { cwd: ROOT }).status === 0;

describe(".gitignore", { skip: !existsSync(join(ROOT, ".git")) && "not a git checkout" }, () => {
  it("ignores training runs and checkpoints but not published results", () => {
    assert.equal(ignored("runs/central-claim/hopper-sac/seed-0/metrics.jsonl"), true);
    assert.equal(ignored("results/central-claim/runs/hopper-sac/seed-0/checkpoints/latest.json"), true);
    assert.equal(ignored("results/central-claim/runs/hopper-sac/seed-0/metrics.jsonl"), false);
    assert.equal(ignored("results/central-claim/report.html"), false);
  });
});
