// examples/learnPendulum.ts, run as a user runs it, for a few hundred steps: learn() trains, the
// agent acts, the saved model loads back acting the same, and a second save into the same
// directory is refused without force.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { tempDirMaker } from "../tempDirs.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const EXAMPLE = join(ROOT, "dist", "examples", "learnPendulum.js");
const tempDir = tempDirMaker("learn-example");

function runExample(modelDir: string, vars: Record<string, string> = {}) {
  return spawnSync(process.execPath, [EXAMPLE, modelDir], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ATRADIFF_THREADS: "1", STEPS: "300", ...vars },
  });
}

describe("examples/learnPendulum.ts", () => {
  it("trains, acts, saves and loads, and does not overwrite a model without force", () => {
    const modelDir = join(tempDir(), "model");
    const r = runExample(modelDir);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trimEnd().split("\n");
    const summary = JSON.parse(lines[lines.length - 1]) as Record<string, unknown>;
    assert.equal(summary.evaluations, 4);
    assert.equal(summary.loadedActsTheSame, true);
    assert.ok(typeof summary.episodeReturn === "number" && summary.episodeReturn < 0);
    assert.ok(existsSync(join(modelDir, "model.json")));
    const again = runExample(modelDir);
    assert.notEqual(again.status, 0);
    assert.match(again.stderr, /already holds a trained agent; pass \{ force: true \} to replace it/);
    assert.equal(runExample(modelDir, { FORCE: "1" }).status, 0, "with force it replaces the model");
  });
});
