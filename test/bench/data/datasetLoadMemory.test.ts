// Loading a large D4RL file does not double peak memory: the columns are read straight into their
// final arrays (hdf5/columnReader.ts), so the load's peak RSS grows by the arrays plus a fixed
// overhead, not by two copies. A 300k-step file with D4RL hopper's columns keeps the test fast;
// the 2M-step measurement is `node dist/src/bench/data/datasetLoadBench.js` (results/datasets.md).
import assert from "node:assert/strict";
import { join } from "node:path";
import { test } from "node:test";
import {
  HOPPER_SHAPE,
  measureLoadInChild,
  peakGrowth,
  writeSyntheticD4rlFile,
} from "../../../src/bench/data/datasetLoadMeasure.js";
import { withTempDir } from "../../data/dataTestHelpers.js";

const MB = 1024 * 1024;
/**
 * What the load may add beyond its arrays: the HDF5 library's wasm heap pages, its 4 MB staging
 * buffer and chunk caches. Measured at 21-31 MB from 300k to 2M steps (it varies by a few MB from
 * run to run). A doubled copy would add the arrays again (58 MB here).
 */
const FIXED_OVERHEAD = 48 * MB;

test("a 300k-step hopper-shaped file loads with peak RSS below its arrays plus a fixed overhead", async () => {
  await withTempDir(async (dir) => {
    const path = join(dir, "hopper-shaped.hdf5");
    await writeSyntheticD4rlFile(path, { steps: 300_000, ...HOPPER_SHAPE });
    const m = measureLoadInChild(path);
    assert.equal(m.steps, 300_000);
    assert.equal(m.episodes, 300);
    // 11 + 11 + 3 + 1 float32, 2 flags, 6 + 6 float64 per step.
    assert.equal(m.arrayBytes, 300_000 * (26 * 4 + 2 + 12 * 8));
    // The file is large enough that the bound tells one copy from two.
    assert.ok(m.arrayBytes + FIXED_OVERHEAD < 2 * m.arrayBytes);
    const grown = peakGrowth(m);
    assert.ok(
      grown.bytes < m.arrayBytes + FIXED_OVERHEAD,
      `peak RSS grew by ${(grown.bytes / MB).toFixed(1)} MB for ${(m.arrayBytes / MB).toFixed(1)} MB of arrays (${grown.ofArrays.toFixed(2)}x)`,
    );
  });
});
