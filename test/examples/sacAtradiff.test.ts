// examples/sacAtradiff.ts, run as a user runs it (node on the built file, importing the package's
// public entries by name), on a small task through its config variables: it trains, Algorithm 1's
// buffer receives imagined transitions, and a second run with the same seed prints the same result.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const EXAMPLE = join(ROOT, "dist", "examples", "sacAtradiff.js");
const SMALL = {
  TOTAL_STEPS: "400",
  LEARNING_STARTS: "150",
  BATCH_SIZE: "64",
  OFFLINE_EPISODES: "3",
  DIFFUSER_STEPS: "40",
  EVAL_EPISODES: "1",
};

interface Summary {
  evalReturn: number;
  updates: number;
  losses: Record<string, number>;
  expectedLength: number;
  realTransitions: number;
  imaginedTransitions: number;
  requestedTrajectories: number;
  insertedTrajectories: number;
}

function runExample(vars: Record<string, string>): { summary: Summary; stdout: string } {
  const r = spawnSync(process.execPath, [EXAMPLE], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ATRADIFF_THREADS: "1", ...SMALL, ...vars },
  });
  assert.equal(r.status, 0, `the example failed: ${r.stderr}`);
  const lines = r.stdout.trimEnd().split("\n");
  return { summary: JSON.parse(lines[lines.length - 1]) as Summary, stdout: r.stdout };
}

describe("examples/sacAtradiff.ts", () => {
  it("trains SAC on buffers that Algorithm 1 fills with imagined transitions, and repeats bit for bit", () => {
    const first = runExample({ SEED: "3" });
    const s = first.summary;
    assert.equal(s.realTransitions, 400, "every env step went into D_o");
    assert.equal(s.updates, 400 - 150, "one gradient step per env step after the random start");
    for (const [name, v] of Object.entries(s.losses)) assert.ok(Number.isFinite(v), `${name} is ${v}`);
    assert.ok(s.expectedLength > 0, "L was measured from generated trajectories");
    assert.ok(s.insertedTrajectories > 0 && s.imaginedTransitions > 0, "D_s received generated transitions");
    assert.ok(s.requestedTrajectories >= s.insertedTrajectories);
    assert.match(first.stdout, /^step \d+: episode return -?\d/m, "it reports episodes as it trains");
    const again = runExample({ SEED: "3" });
    assert.equal(again.stdout, first.stdout, "the same seed gives the same run, bit for bit");
  });
});
