// HDF5 files made to exploit the reader (scripts/fixtures/make_hostile_hdf5.py, written with h5py:
// nothing else writes external storage, external links and virtual datasets) are refused with one
// sentence, before the declared sizes are allocated and without reading any other file; metadata is
// shown with its control characters escaped. Skipped where /usr/bin/python3 has no h5py (CI
// installs python3-h5py).
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { DatasetFileError } from "../../src/data/hdf5/datasetFileError.js";
import { readDatasetFile } from "../../src/data/hdf5/readDatasetFile.js";
import { MEMORY_BUDGET_VARIABLE } from "../../src/util/memoryBudget.js";
import { tempDirMaker } from "../tempDirs.js";
import { atradiff, fixture } from "./dataTestHelpers.js";

const PYTHON = "/usr/bin/python3";
const hasH5py = spawnSync(PYTHON, ["-c", "import h5py"]).status === 0;
const skip = hasH5py ? false : `${PYTHON} has no h5py (apt-get install python3-h5py)`;
const tempDir = tempDirMaker("hostile-hdf5");

/** A secret the hostile files point at, in a file of its own. */
const SECRET = "secret-bytes-0123456789";

function make(kind: string, dir: string, other?: string): string {
  const path = join(dir, `${kind}.hdf5`);
  const script = join(process.cwd(), "scripts", "fixtures", "make_hostile_hdf5.py");
  const r = spawnSync(PYTHON, [script, kind, path, ...(other ? [other] : [])], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return path;
}

/** An HDF5 file holding /data (the secret as bytes) and /observations (12 x 3 float32). */
function otherFile(dir: string): string {
  const path = join(dir, "other.hdf5");
  const code = `import h5py, numpy as np, sys
with h5py.File(sys.argv[1], "w") as f:
    f["data"] = np.frombuffer(sys.argv[2].encode(), dtype="u1")
    f["observations"] = np.full((12, 3), 7, dtype=np.float32)`;
  const r = spawnSync(PYTHON, ["-c", code, path, SECRET], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  return path;
}

async function refusal(path: string): Promise<string> {
  try {
    await readDatasetFile(path);
  } catch (err) {
    assert.ok(err instanceof DatasetFileError, `expected a DatasetFileError, got ${String(err)}`);
    assert.ok(!err.message.includes("\n"), "one line");
    assert.ok(!err.message.includes(SECRET), "nothing of the other file");
    return err.message;
  }
  assert.fail(`${path} was accepted`);
}

test("a 2 KB file declaring 8 GB of observations is refused before anything is allocated", {
  skip,
}, async () => {
  const path = make("huge-shape", tempDir());
  const before = process.memoryUsage().rss;
  assert.match(
    await refusal(path),
    /'observations' declares shape \[100, 11000000\] \(8\.2 GiB of float64\), but the whole file is [\d.]+ KiB and stores it uncompressed\.$/,
  );
  assert.ok(process.memoryUsage().rss - before < 200 << 20, "no large allocation");
  const cli = atradiff(["dataset", "info", path]);
  assert.equal(cli.status, 1);
  assert.match(cli.stderr, /declares shape \[100, 11000000\]/);
});

test("external storage, external links and virtual datasets are refused without reading the other file", {
  skip,
}, async () => {
  const dir = tempDir();
  const other = otherFile(dir);
  const secretFile = join(dir, "secret.txt");
  writeFileSync(secretFile, `${SECRET}\n`);
  assert.match(
    await refusal(make("external-storage", dir, secretFile)),
    /it makes HDF5 read another file \(.*secret\.txt\) through external storage, an external link or a virtual dataset; only self-contained files are read\.$/,
  );
  assert.match(
    await refusal(make("external-link", dir, other)),
    /'metadata\/algorithm' is an external link to '\/data' in .*other\.hdf5; only self-contained files are read\.$/,
  );
  assert.match(
    await refusal(make("virtual", dir, other)),
    /'observations' is a virtual dataset made of 'observations' in .*other\.hdf5; only self-contained files are read\.$/,
  );
  // The command line says the same and prints nothing of the other file (nor HDF5's diagnostics).
  const cli = atradiff(["dataset", "info", join(dir, "external-storage.hdf5")]);
  assert.equal(cli.status, 1);
  assert.equal(cli.stdout, "");
  assert.ok(!cli.stderr.includes(SECRET) && !cli.stderr.includes("HDF5-DIAG"), cli.stderr);
  assert.equal(cli.stderr.trim().split("\n").length, 1, cli.stderr);
});

test("attribute names and values are shown with control characters escaped", { skip }, () => {
  const path = make("control-chars", tempDir());
  const cli = atradiff(["dataset", "info", path]);
  assert.equal(cli.status, 0, cli.stderr);
  assert.ok(!cli.stdout.includes("\x1b") && !cli.stdout.includes("\x07"), "no raw escape sequences");
  assert.match(cli.stdout, /env\\x1b\[31m +hopper\\x1b\]0;pwned\\x07\\x1b\[2J/);
});

test("columns that fit the file but not the memory budget are refused before they are read", async () => {
  const saved = process.env[MEMORY_BUDGET_VARIABLE];
  process.env[MEMORY_BUDGET_VARIABLE] = String(512 / 1024 ** 3); // 512 bytes
  try {
    await assert.rejects(
      readDatasetFile(fixture("d4rl-small.hdf5")),
      /^MemoryBudgetError: Reading the dataset file .*d4rl-small\.hdf5 \(its largest column 'observations' has shape \[12, 3\]\) would need 840 bytes, over the memory budget of 512 bytes: raise ATRADIFF_MEMORY_BUDGET \(GiB\)\.$/,
    );
  } finally {
    if (saved === undefined) delete process.env[MEMORY_BUDGET_VARIABLE];
    else process.env[MEMORY_BUDGET_VARIABLE] = saved;
  }
});
