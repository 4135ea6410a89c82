// Broken input is refused with one sentence naming the file and the problem.
import assert from "node:assert/strict";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DatasetFileError } from "../../src/data/hdf5/datasetFileError.js";
import { readDatasetFile } from "../../src/data/hdf5/readDatasetFile.js";
import { fixture, type RawColumn, validColumns, withTempDir, writeRawHdf5 } from "./dataTestHelpers.js";

async function refusal(path: string): Promise<string> {
  try {
    await readDatasetFile(path);
  } catch (err) {
    assert.ok(err instanceof DatasetFileError, `expected a DatasetFileError, got ${String(err)}`);
    assert.ok(err.message.startsWith(`Cannot use the dataset file ${path}: `), err.message);
    assert.ok(!err.message.includes("\n"), "one line");
    assert.ok(!/HDF5-DIAG|#00\d/.test(err.message), "no HDF5 diagnostic stack");
    return err.message;
  }
  assert.fail(`${path} was accepted`);
}

async function refusalOf(columns: Record<string, RawColumn>): Promise<string> {
  return withTempDir(async (dir) => {
    const path = join(dir, "broken.hdf5");
    await writeRawHdf5(path, columns);
    return refusal(path);
  });
}

test("a truncated HDF5 file and a non-HDF5 file are refused with one sentence", async () => {
  await withTempDir(async (dir) => {
    const truncated = join(dir, "truncated.hdf5");
    writeFileSync(truncated, readFileSync(fixture("d4rl-small.hdf5")).subarray(0, 4000));
    assert.match(
      await refusal(truncated),
      /it is damaged and HDF5 cannot open it \(truncated file: eof = 4000.*\)\.$/,
    );
    const csv = join(dir, "data.csv");
    writeFileSync(csv, "obs,action,reward\n1,2,3\n");
    assert.match(await refusal(csv), /it is not an HDF5 file \(it lacks the 8-byte HDF5 signature\)\.$/);
    const empty = join(dir, "empty.hdf5");
    writeFileSync(empty, "");
    assert.match(await refusal(empty), /it is empty, expected an HDF5 file\.$/);
    assert.match(await refusal(join(dir, "missing.hdf5")), /no such file\.$/);
    assert.match(await refusal(dir), /it is a directory, expected an HDF5 file\.$/);
    // The library still works after refusing broken files.
    const copy = join(dir, "good.hdf5");
    copyFileSync(fixture("d4rl-small.hdf5"), copy);
    assert.equal((await readDatasetFile(copy)).dataset.size, 12);
  });
});

test("missing keys are named", async () => {
  const { actions: _, ...noActions } = validColumns();
  assert.match(
    await refusalOf(noActions),
    /it has no 'actions' dataset; the D4RL layout needs 'actions' \(N, act_dim\) float32\.$/,
  );
  const { timeouts: __, ...noTimeouts } = validColumns();
  assert.match(await refusalOf(noTimeouts), /it has no 'timeouts' dataset/);
  assert.match(
    await refusalOf({ something: { data: new Float32Array(2), shape: [2] } }),
    /its top-level keys are something; expected the D4RL layout .* or Minari episode groups/,
  );
});

test("mismatched lengths are refused", async () => {
  const c = validColumns();
  c.actions = { data: new Float32Array(5), shape: [5, 1] };
  assert.match(
    await refusalOf(c),
    /'actions' has 5 rows but 'rewards' has 6; every column needs one row per step\.$/,
  );
  const d = validColumns();
  d.next_observations = { data: new Float32Array(18), shape: [6, 3] };
  assert.match(await refusalOf(d), /'next_observations' has 3 columns but 'observations' has 2/);
  const e = validColumns();
  e["infos/qpos"] = { data: new Float64Array(7), shape: [7, 1] };
  assert.match(await refusalOf(e), /'infos\/qpos' has 7 rows but 'rewards' has 6/);
});

test("wrong dtypes, shapes and values are refused", async () => {
  const strings = validColumns();
  strings.observations = { data: Array.from({ length: 6 }, (_, i) => `s${i}`), shape: [6] };
  assert.match(
    await refusalOf(strings),
    /it has 'observations' as of type string; the D4RL layout needs 'observations'/,
  );
  const flat = validColumns();
  flat.observations = { data: new Float32Array(6), shape: [6] };
  assert.match(await refusalOf(flat), /'observations' has shape \[6\]; expected \(6, dim\)\.$/);
  const ints = validColumns();
  ints.actions = { data: new Int32Array(6), shape: [6, 1] };
  assert.match(await refusalOf(ints), /'actions' holds int32 values; expected float32 or float64\.$/);
  const wide = validColumns();
  wide.rewards = { data: new Float32Array(12), shape: [6, 2] };
  assert.match(await refusalOf(wide), /'rewards' has shape \[6, 2\]; expected \(6,\)\.$/);
  const flags = validColumns();
  flags.terminals = { data: Uint8Array.from([0, 0, 2, 0, 0, 0]), shape: [6] };
  assert.match(await refusalOf(flags), /'terminals' holds 2 at row 2; expected 0 or 1 \(bool\)\.$/);
  const nan = validColumns();
  nan.observations = {
    data: Float32Array.from([0, 1, 2, 3, Number.NaN, 5, 6, 7, 8, 9, 10, 11]),
    shape: [6, 2],
  };
  assert.match(
    await refusalOf(nan),
    /'observations' holds NaN at row 2, column 0; expected finite numbers\.$/,
  );
});

test("broken Minari episodes are refused", async () => {
  const episode = (obsRows: number) => ({
    "episode_0/observations": { data: new Float64Array(obsRows * 2), shape: [obsRows, 2] },
    "episode_0/actions": { data: new Float32Array(3), shape: [3, 1] },
    "episode_0/rewards": { data: new Float64Array(3), shape: [3] },
    "episode_0/terminations": { data: Uint8Array.from([0, 0, 1]), shape: [3] },
    "episode_0/truncations": { data: new Uint8Array(3), shape: [3] },
  });
  assert.match(
    await refusalOf(episode(3)),
    /'episode_0\/observations' has 3 rows but 'episode_0\/rewards' has 3; Minari stores T\+1 observations for T steps\.$/,
  );
  const { "episode_0/truncations": _, ...noTruncations } = episode(4);
  assert.match(
    await refusalOf(noTruncations),
    /it has no 'episode_0\/truncations'; every Minari episode needs truncations\.$/,
  );
});
