// `atradiff dataset build` end to end in a child process: writes to $ATRADIFF_DATA, refuses to
// rebuild, and bad input stops with one sentence and exit code 1.
import assert from "node:assert/strict";
import { statSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { cliWithDataDirectory } from "./datasetCli.js";

const { dataDir, atradiff } = cliWithDataDirectory("atradiff-dataset-build-cli-");

function oneSentence(stderr: string): string {
  const lines = stderr.trim().split("\n");
  assert.equal(lines.length, 1, `one line of error, got:\n${stderr}`);
  return lines[0];
}

describe("atradiff dataset build", () => {
  it("builds into the data directory, reports returns and times, then refuses to rebuild", () => {
    const path = join(dataDir, "pendulum-random.hdf5");
    const r = atradiff(["dataset", "build", "pendulum-random", "--size", "600", "--seed", "2", "--json"]);
    assert.equal(r.status, 0, r.stderr);
    const report = JSON.parse(r.stdout) as {
      path: string;
      rows: number;
      episodes: number;
      returns: { episodes: number };
    };
    assert.equal(report.path, path);
    assert.equal(report.rows, 600);
    assert.equal(report.episodes, 3);
    assert.equal(report.returns.episodes, 3);
    assert.match(r.stderr, /random rollouts +600\/600 steps \(100%\)/);
    const before = statSync(path).mtimeMs;

    const again = atradiff(["dataset", "build", "pendulum-random", "--size", "600"]);
    assert.equal(again.status, 1);
    assert.equal(
      oneSentence(again.stderr),
      `atradiff: The dataset pendulum-random already exists at ${path}; it is not rebuilt (add --force to replace it).`,
    );
    assert.equal(statSync(path).mtimeMs, before);

    const forced = atradiff(["dataset", "build", "pendulum-random", "--size", "400", "--force"]);
    assert.equal(forced.status, 0, forced.stderr);
    assert.match(forced.stdout, /rows +400 {2}\(2 episodes\)/);
    assert.match(forced.stdout, /return +mean -\d+\.\d/);
  });

  it("bad names and options stop with one sentence and exit code 1", () => {
    const cases: [string[], RegExp][] = [
      [
        ["hopper-mediumish"],
        /Unknown dataset kind "mediumish" in the dataset name "hopper-mediumish"; valid names: .*\.$/,
      ],
      [["humanoid-medium"], /Unknown environment "humanoid" .*; valid names: .*\.$/],
      // Exponent notation of an integer ("1e3") is read as every integer flag reads it (intOptions.ts).
      [["hopper-random", "--size", "2.5"], /--size must be a positive integer, got "2\.5"\.$/],
      [["hopper-random", "--size", "1e10"], /--size must be at most 1,000,000,000, got 1e10\.$/],
      [["hopper-random", "--seed", "-1"], /--seed must be a non-negative integer, got "-1"\.$/],
      [
        ["hopper-medium-replay"],
        /has no medium snapshot; add --train-policy to train it on this machine \(hours\)\.$/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = atradiff(["dataset", "build", ...args]);
      assert.equal(r.status, 1, args.join(" "));
      assert.match(oneSentence(r.stderr), message);
    }
  });
});
