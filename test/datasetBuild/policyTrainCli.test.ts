// `atradiff dataset train-policy <env>` end to end in a child process: it trains in
// $ATRADIFF_DATA/policy-training/<env>-sac-seed0, keeps and scores each evaluation's snapshot, and
// bad input or a run without a medium policy stops with one sentence and exit code 1.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { TrainingDirectory } from "../../src/datasets/trainingDirectory.js";
import { cliWithDataDirectory } from "./datasetCli.js";

const { dataDir, atradiff } = cliWithDataDirectory("atradiff-train-policy-cli-");

const lastLine = (text: string) => text.trim().split("\n").at(-1);

describe("atradiff dataset train-policy", () => {
  it("a run too short for a medium policy keeps and scores its snapshot, then says so in one sentence", () => {
    const r = atradiff(["dataset", "train-policy", "hopper", "--steps", "300"]);
    const root = join(dataDir, "policy-training", "hopper-sac-seed0");
    assert.equal(r.status, 1);
    assert.equal(
      lastLine(r.stderr),
      `atradiff: SAC on hopper never produced a snapshot whose data scores within 3 points of the medium target 44 in 300 steps (scores per snapshot: ${join(root, "data-scores.jsonl")}; its snapshots are kept in ${join(root, "snapshots")}).`,
    );
    const dir = new TrainingDirectory(root);
    assert.deepEqual(
      dir.dataScores().map((s) => [s.step, s.screen.episodes]),
      [[300, 10]],
    );
    assert.ok(existsSync(dir.snapshotPolicy(300)));
  });

  it("refuses envs without targets and bad counts", () => {
    const ant = atradiff(["dataset", "train-policy", "ant"]);
    assert.equal(ant.status, 1);
    assert.match(
      lastLine(ant.stderr) ?? "",
      /^atradiff: ant has no target data scores for its medium and expert policies/,
    );
    const pendulum = atradiff(["dataset", "train-policy", "pendulum"]);
    assert.equal(pendulum.status, 1);
    assert.match(lastLine(pendulum.stderr) ?? "", /^atradiff: pendulum has only a random dataset/);
    const stop = atradiff(["dataset", "train-policy", "hopper", "--stop-after", "0"]);
    assert.equal(lastLine(stop.stderr), 'atradiff: --stop-after must be a positive integer, got "0".');
  });
});
