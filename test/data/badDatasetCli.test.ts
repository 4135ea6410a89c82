// Bad dataset input through every command that reads a dataset: a missing key, mismatched lengths,
// a truncated file, a non-HDF5 file, and observations that do not fit the env. Each stops with
// exit code 1 and one sentence naming the file and the problem, and leaves nothing written: no
// output directory, no temporary file, the input unchanged.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { atradiff, fixture, validColumns, withTempDir, writeRawHdf5 } from "./dataTestHelpers.js";

/** The commands that read a dataset, given the file and a directory they may not create. */
const COMMANDS: ((file: string, out: string) => string[])[] = [
  (file) => ["dataset", "info", file],
  (file, out) => [..."diffuser train --steps 10".split(" "), "--dataset", file, "--out", out],
  (file, out) => [
    ..."train --agent td3bc --env pendulum --steps 10".split(" "),
    "--dataset",
    file,
    "--out",
    out,
  ],
];

function assertRefusedCleanly(args: string[], dir: string, expected: string): void {
  const before = new Map(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name))]));
  const r = atradiff(args);
  const what = args.slice(0, 2).join(" ");
  assert.equal(r.status, 1, `${what}: ${r.stderr}`);
  assert.equal(r.stdout, "", what);
  const lines = r.stderr.trimEnd().split("\n");
  assert.equal(lines.length, 1, `${what}: one line, got:\n${r.stderr}`);
  assert.ok(lines[0].startsWith(`atradiff: ${expected}`), `${what}: ${lines[0]}`);
  assert.ok(lines[0].endsWith("."), `${what}: a sentence`);
  // Nothing written next to the input, which is unchanged.
  assert.deepEqual(readdirSync(dir).sort(), [...before.keys()].sort(), what);
  for (const [name, bytes] of before) assert.deepEqual(readFileSync(join(dir, name)), bytes, name);
}

test("broken dataset files stop every command with one sentence, exit 1, nothing written", async () => {
  await withTempDir(async (dir) => {
    const { actions: _, ...noActions } = validColumns();
    await writeRawHdf5(join(dir, "missing-key.hdf5"), noActions);
    const shortActions = validColumns();
    shortActions.actions = { data: new Float32Array(5), shape: [5, 1] };
    await writeRawHdf5(join(dir, "short-actions.hdf5"), shortActions);
    writeFileSync(join(dir, "truncated.hdf5"), readFileSync(fixture("d4rl-small.hdf5")).subarray(0, 3000));
    writeFileSync(join(dir, "table.csv"), "obs,action,reward\n1,2,3\n");
    const cases: [string, string][] = [
      [
        "missing-key.hdf5",
        "it has no 'actions' dataset; the D4RL layout needs 'actions' (N, act_dim) float32",
      ],
      ["short-actions.hdf5", "'actions' has 5 rows but 'rewards' has 6; every column needs one row per step"],
      ["truncated.hdf5", "it is damaged and HDF5 cannot open it (truncated file: eof = 3000"],
      ["table.csv", "it is not an HDF5 file (it lacks the 8-byte HDF5 signature)"],
    ];
    for (const [name, problem] of cases) {
      const file = join(dir, name);
      for (const command of COMMANDS)
        assertRefusedCleanly(
          command(file, join(dir, "out")),
          dir,
          `Cannot use the dataset file ${file}: ${problem}`,
        );
    }
  });
});

test("a dataset whose observation size does not match the env is refused before anything is written", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "obs3.hdf5");
    writeFileSync(file, readFileSync(fixture("d4rl-small.hdf5")));
    assertRefusedCleanly(
      [
        ..."train --agent td3bc --env hopper --steps 10".split(" "),
        "--dataset",
        file,
        "--out",
        join(dir, "run"),
      ],
      dir,
      `The dataset ${file} has observations of size 3 and actions of size 2, but hopper has 11 and 3.`,
    );
  });
});
