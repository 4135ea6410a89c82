// Files the library writes read back through h5py (Debian's python3-h5py, an HDF5 implementation
// independent of h5wasm) with the D4RL layout's keys, shapes, dtypes, values and attributes, as a
// D4RL user's `h5py.File(path)["observations"][:]` would see them. Skipped where /usr/bin/python3
// has no h5py.
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import { makeDataset } from "../../src/data/dataset.js";
import { writeDatasetFile } from "../../src/data/hdf5/d4rlWriter.js";
import { withTempDir } from "./dataTestHelpers.js";
import { dumpWithH5py, H5PY_SKIP } from "./h5py.js";

test("h5py reads a written D4RL file with the same keys, shapes, dtypes, values and attributes", {
  skip: H5PY_SKIP,
}, async () => {
  await withTempDir(async (dir) => {
    // 9 steps x (obs 3, act 2); non-round float32 values, so a lossy path would show.
    const n = 9;
    const f32 = (count: number, k: number) =>
      Float32Array.from({ length: count }, (_, i) => Math.sin(k + i) * 100);
    const f64 = (count: number, k: number) =>
      Float64Array.from({ length: count }, (_, i) => Math.cos(k + i) / 3);
    const dataset = makeDataset({
      obsDim: 3,
      actDim: 2,
      observations: f32(n * 3, 1),
      actions: f32(n * 2, 2),
      rewards: f32(n, 3),
      terminals: Uint8Array.from([0, 0, 1, 0, 0, 0, 0, 0, 0]),
      timeouts: Uint8Array.from([0, 0, 0, 0, 0, 1, 0, 0, 0]),
      nextObservations: f32(n * 3, 4),
      qpos: { values: f64(n * 4, 5), cols: 4 },
      qvel: { values: f64(n * 2, 6), cols: 2 },
      metadata: { env: "hopper", seed: 7, steps: n, big: 2 ** 40, return_mean: 12.25, layers: [256, 256] },
    });
    const path = join(dir, "ours.hdf5");
    await writeDatasetFile(path, dataset);
    const dump = dumpWithH5py(path);
    const expected: [string, string, number[], ArrayLike<number>][] = [
      ["observations", "<f4", [n, 3], dataset.observations],
      ["actions", "<f4", [n, 2], dataset.actions],
      ["rewards", "<f4", [n], dataset.rewards],
      ["terminals", "|u1", [n], dataset.terminals],
      ["timeouts", "|u1", [n], dataset.timeouts],
      ["next_observations", "<f4", [n, 3], dataset.nextObservations!],
      ["infos/qpos", "<f8", [n, 4], dataset.qpos!.values],
      ["infos/qvel", "<f8", [n, 2], dataset.qvel!.values],
    ];
    assert.deepEqual(Object.keys(dump.datasets).sort(), expected.map(([name]) => name).sort());
    for (const [name, dtype, shape, values] of expected) {
      const got = dump.datasets[name];
      assert.equal(got.dtype, dtype, name);
      assert.deepEqual(got.shape, shape, name);
      assert.deepEqual(got.values, Array.from(values), name);
    }
    assert.deepEqual(dump.attrs, dataset.metadata);
  });
});
