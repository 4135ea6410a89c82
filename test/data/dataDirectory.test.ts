// The data directory and dataset-name resolution.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { dataDirectory, datasetPath, resolveDataset } from "../../src/data/dataDirectory.js";
import { fixture, withTempDir } from "./dataTestHelpers.js";

test("ATRADIFF_DATA sets the data directory, ~/.atradiff/data otherwise", () => {
  assert.equal(dataDirectory({ ATRADIFF_DATA: "/srv/data" }), "/srv/data");
  assert.equal(dataDirectory({}), join(homedir(), ".atradiff", "data"));
  assert.equal(dataDirectory({ ATRADIFF_DATA: "  " }), join(homedir(), ".atradiff", "data"));
  assert.equal(datasetPath("hopper-medium", { ATRADIFF_DATA: "/srv/data" }), "/srv/data/hopper-medium.hdf5");
});

test("dataset names cannot escape the data directory", () => {
  for (const bad of ["../etc/passwd", "a/b", "", ".hidden", "hopper-medium.hdf5"])
    assert.throws(() => datasetPath(bad, { ATRADIFF_DATA: "/srv/data" }), /is not a dataset name/, bad);
});

test("resolveDataset takes an existing file or a name present in the data directory", async () => {
  await withTempDir(async (dir) => {
    const env = { ATRADIFF_DATA: dir };
    assert.equal(resolveDataset(fixture("d4rl-small.hdf5"), env), fixture("d4rl-small.hdf5"));
    writeFileSync(join(dir, "walker2d-medium.hdf5"), "x");
    assert.equal(resolveDataset("walker2d-medium", env), join(dir, "walker2d-medium.hdf5"));
    assert.throws(
      () => resolveDataset("walker2d-expert", env),
      /No dataset "walker2d-expert": neither a file here nor .*walker2d-expert\.hdf5/,
    );
    assert.throws(
      () => resolveDataset("no/such/file.hdf5", env),
      /The dataset file no\/such\/file\.hdf5 does not exist/,
    );
  });
});
