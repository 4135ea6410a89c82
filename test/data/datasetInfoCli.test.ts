// `atradiff dataset info` end to end, in a child process so that everything the HDF5 C library
// might print to stderr is seen. Broken files through every command: badDatasetCli.test.ts.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { atradiff, fixture, withTempDir } from "./dataTestHelpers.js";

test("dataset info reports sizes, episodes, returns, the normalized score and metadata", () => {
  const r = atradiff(["dataset", "info", fixture("d4rl-small-no-next.hdf5")]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, "");
  assert.match(r.stdout, /steps\s+12 {2}\(observation 3, action 2\)/);
  assert.match(r.stdout, /episodes\s+4 {2}\(2 terminal, 1 timed out, 1 unfinished\)/);
  // Returns -1, 7, 6.5 of the finished episodes; the unfinished last one (8.5) is not a whole episode.
  assert.match(
    r.stdout,
    /return\s+mean 4\.17 {2}std 3\.66 {2}min -1\.00 {2}max 7\.00 {2}\(3 finished episodes\)/,
  );
  // 100 * (12.5 / 3 + 20.272305) / (3234.3 + 20.272305) = 0.7509
  assert.match(r.stdout, /normalized\s+0\.75 {2}\(D4RL score of the mean return; hopper from metadata/);
  assert.match(
    r.stdout,
    /transitions\s+10 {2}\(next observation from following observation; 2 episode-final steps/,
  );
  assert.match(r.stdout, /big_unsigned\s+9223372036854775813/);
});

test("dataset info --json and --env; a dataset name resolves in $ATRADIFF_DATA", async () => {
  await withTempDir(async (dir) => {
    writeFileSync(join(dir, "tiny-minari.hdf5"), readFileSync(fixture("minari-small.hdf5")));
    const r = atradiff(["dataset", "info", "tiny-minari", "--json", "--env", "walker2d"], {
      ...process.env,
      ATRADIFF_DATA: dir,
    });
    assert.equal(r.status, 0, r.stderr);
    const info = JSON.parse(r.stdout);
    assert.equal(info.file, join(dir, "tiny-minari.hdf5"));
    assert.equal(info.layout, "minari");
    assert.equal(info.steps, 21);
    assert.equal(info.episodes.count, 11);
    assert.equal(info.normalizedReturn.family, "walker2d");
    assert.equal(info.normalizedReturn.from, "option");
    const mean = info.episodeReturn.mean;
    assert.ok(Math.abs(info.normalizedReturn.mean - (100 * (mean - 1.629008)) / (4592.3 - 1.629008)) < 1e-9);
    assert.equal(info.normalizedReturnUnavailable, null);
    // AntMaze's D4RL score is a success rate of evaluation episodes, not a dataset return.
    const maze = atradiff(["dataset", "info", "tiny-minari", "--env", "antmaze-umaze"], {
      ...process.env,
      ATRADIFF_DATA: dir,
    });
    assert.equal(maze.status, 0, maze.stderr);
    assert.match(maze.stdout, /normalized\s+- \(AntMaze scores are success rates of evaluation episodes/);
  });
});

test("bad arguments exit 1 with one sentence", async () => {
  await withTempDir(async (dir) => {
    const cases: [string[], RegExp][] = [
      [
        ["dataset", "info", "no-such-dataset"],
        /^atradiff: No dataset "no-such-dataset": neither a file here nor /,
      ],
      [
        ["dataset", "info", fixture("d4rl-small.hdf5"), "--env", "pong"],
        /^atradiff: No D4RL reference returns for env "pong"/,
      ],
    ];
    for (const [args, expected] of cases) {
      const r = atradiff(args, { ...process.env, ATRADIFF_DATA: dir });
      assert.equal(r.status, 1, args.join(" "));
      assert.equal(r.stdout, "");
      assert.match(r.stderr, expected);
      assert.equal(r.stderr.trimEnd().split("\n").length, 1, `one line, got:\n${r.stderr}`);
    }
  });
});
