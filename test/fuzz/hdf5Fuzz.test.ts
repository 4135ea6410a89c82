// Fuzzing the HDF5 dataset reader: hundreds of seeded corruptions of a valid D4RL file (bit flips,
// byte overwrites, truncations, appended bytes, runs of 0xff), each either refused in one sentence
// (a DatasetFileError or the memory budget's sentence, never a raw error or HDF5's diagnostic
// stack) or read into a consistent dataset. The cases run in a child process under a time limit,
// so a hang fails the test instead of stalling it, and its peak memory is bounded.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { test } from "node:test";
import { fixture } from "../data/dataTestHelpers.js";
import { tempDirMaker } from "../tempDirs.js";

const SEED = 2024;
const CASES = 400;
const tempDir = tempDirMaker("hdf5-fuzz");

test(`${CASES} corruptions of an HDF5 dataset are each refused in one sentence or read, none hangs`, () => {
  const child = join(process.cwd(), "dist", "test", "fuzz", "hdf5FuzzChild.js");
  const started = performance.now();
  const r = spawnSync(
    process.execPath,
    [child, fixture("d4rl-small.hdf5"), tempDir(), String(SEED), String(CASES)],
    {
      encoding: "utf8",
      timeout: 120_000,
      maxBuffer: 64 << 20,
      env: { ...process.env, ATRADIFF_MEMORY_BUDGET: "1" },
    },
  );
  const seconds = (performance.now() - started) / 1000;
  const lines = r.stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const last = lines.at(-1);
  assert.equal(r.signal, null, `the child was stopped (${r.signal}) after case ${lines.length - 1}: a hang`);
  assert.equal(r.status, 0, r.stderr.slice(0, 2000));
  assert.equal(r.stderr, "", "nothing printed to stderr (HDF5 diagnostics)");
  const cases = lines.slice(0, -1);
  assert.equal(cases.length, CASES);
  for (const c of cases)
    assert.equal(c.problem, null, `case ${c.case} (seed ${SEED}): ${c.what}: ${c.problem}`);
  const accepted = cases.filter((c) => c.accepted).length;
  console.log(
    `${CASES} corruptions: ${CASES - accepted} refused, ${accepted} read; ${seconds.toFixed(1)} s, peak RSS ${(last.maxRssBytes / 2 ** 20).toFixed(0)} MiB`,
  );
  assert.ok(accepted > 0 && accepted < CASES, "the corruptions reach both outcomes");
  assert.ok(last.maxRssBytes < 1.5 * 2 ** 30, `peak RSS ${last.maxRssBytes}`);
});
