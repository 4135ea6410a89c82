// Writing a dataset with the library and reading it back gives identical arrays and metadata; the
// write is atomic and never replaces an existing file without force.
import assert from "node:assert/strict";
import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { type Dataset, makeDataset } from "../../src/data/dataset.js";
import { writeDatasetFile } from "../../src/data/hdf5/d4rlWriter.js";
import { readDatasetFile } from "../../src/data/hdf5/readDatasetFile.js";
import { Rng } from "../../src/engine/rng.js";
import { withTempDir } from "./dataTestHelpers.js";

function randomDataset(rng: Rng, size: number, obsDim: number, actDim: number, withExtras: boolean): Dataset {
  const terminals = new Uint8Array(size);
  const timeouts = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    const u = rng.uniform();
    if (u < 0.01) terminals[i] = 1;
    else if (u < 0.02) timeouts[i] = 1;
  }
  const floats = (n: number) => rng.fillGaussian(new Float32Array(n)) as Float32Array;
  return makeDataset({
    obsDim,
    actDim,
    observations: floats(size * obsDim),
    actions: floats(size * actDim),
    rewards: floats(size),
    terminals,
    timeouts,
    nextObservations: withExtras ? floats(size * obsDim) : null,
    qpos: withExtras
      ? { values: rng.fillGaussian(new Float64Array(size * 4)) as Float64Array, cols: 4 }
      : null,
    qvel: withExtras
      ? { values: rng.fillGaussian(new Float64Array(size * 3)) as Float64Array, cols: 3 }
      : null,
    metadata: withExtras
      ? {
          env_name: "walker2d-medium-v2",
          small: 42,
          negative: -7,
          beyond_int32: 2 ** 40,
          fraction: 0.125,
          ints: [1, 2, 3],
          big_ints: [2 ** 35, -(2 ** 36)],
          floats: [0.5, -1.25],
          names: ["a", "bc"],
          "metadata/algorithm": "SAC",
        }
      : {},
  });
}

function assertSameDataset(a: Dataset, b: Dataset): void {
  assert.equal(b.size, a.size);
  assert.equal(b.obsDim, a.obsDim);
  assert.equal(b.actDim, a.actDim);
  assert.deepEqual(b.observations, a.observations);
  assert.deepEqual(b.actions, a.actions);
  assert.deepEqual(b.rewards, a.rewards);
  assert.deepEqual(b.terminals, a.terminals);
  assert.deepEqual(b.timeouts, a.timeouts);
  assert.deepEqual(b.nextObservations, a.nextObservations);
  assert.deepEqual(b.qpos, a.qpos);
  assert.deepEqual(b.qvel, a.qvel);
  assert.deepEqual(b.episodeOffsets, a.episodeOffsets);
  assert.deepEqual(b.metadata, a.metadata);
}

test("write then read gives identical arrays, infos and metadata", async () => {
  await withTempDir(async (dir) => {
    const rng = new Rng(11);
    // 70,000 rows x 17: several chunks and write blocks, so the block seams are exercised.
    for (const [size, withExtras] of [
      [70_000, true],
      [5, false],
      [1, true],
    ] as const) {
      const original = randomDataset(rng, size, 17, 6, withExtras);
      const path = join(dir, `d-${size}.hdf5`);
      await writeDatasetFile(path, original);
      const { dataset, layout } = await readDatasetFile(path);
      assert.equal(layout, "d4rl");
      assertSameDataset(original, dataset);
    }
  });
});

test("writing refuses to replace an existing file unless forced, and leaves no temporary file", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "hopper-medium.hdf5");
    writeFileSync(path, "keep me");
    const d = randomDataset(new Rng(1), 10, 3, 2, false);
    await assert.rejects(
      writeDatasetFile(path, d),
      /already exists; refusing to overwrite it without the force option/,
    );
    assert.deepEqual(readdirSync(dir), ["hopper-medium.hdf5"]);
    await writeDatasetFile(path, d, { force: true });
    assert.deepEqual(readdirSync(dir), ["hopper-medium.hdf5"]);
    assertSameDataset(d, (await readDatasetFile(path)).dataset);
  });
});

test("a failed write leaves neither the target nor a temporary file", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "bad.hdf5");
    const d = randomDataset(new Rng(2), 10, 3, 2, false);
    // A size the columns do not have makes the write fail after the file was created.
    const broken = { ...d, size: d.size + 5 };
    await assert.rejects(writeDatasetFile(path, broken), /Cannot write the dataset file/);
    assert.equal(existsSync(path), false);
    assert.deepEqual(readdirSync(dir), []);
  });
});
