// A dataset write killed midway (SIGKILL: no handler runs) leaves no file under the dataset's name:
// the library writes under a temporary name and renames only the finished, flushed file. The next
// write of that dataset removes the dead writer's temporary file.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { test } from "node:test";
import { pathToFileURL } from "node:url";
import { makeDataset } from "../../src/data/dataset.js";
import { writeDatasetFile } from "../../src/data/hdf5/d4rlWriter.js";
import { readDatasetFile } from "../../src/data/hdf5/readDatasetFile.js";
import { withTempDir } from "./dataTestHelpers.js";

const MEASURE = pathToFileURL(
  join(process.cwd(), "dist", "src", "bench", "data", "datasetLoadMeasure.js"),
).href;

test("a write killed while the file is being written leaves no dataset file; the next write cleans up", async () => {
  await withTempDir(async (dir) => {
    const target = join(dir, "hopper-big.hdf5");
    // 300k hopper-shaped steps (60 MB): the write lasts seconds, long enough to be caught midway.
    const code = `import { HOPPER_SHAPE, writeSyntheticD4rlFile } from ${JSON.stringify(MEASURE)};
await writeSyntheticD4rlFile(${JSON.stringify(target)}, { steps: 300000, ...HOPPER_SHAPE });`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", code], { stdio: "ignore" });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_, signal) => resolve(signal)),
    );
    let running = true;
    void exited.then(() => {
      running = false;
    });
    const temporary = () => readdirSync(dir).filter((name) => name.startsWith("hopper-big.hdf5.tmp-"));
    // Kill once part of the data is on disk (more than 8 of about 60 MB).
    const partlyWritten = () =>
      temporary().some((name) => (statSync(join(dir, name), { throwIfNoEntry: false })?.size ?? 0) > 8 << 20);
    while (running && !partlyWritten()) await new Promise((r) => setTimeout(r, 10));
    assert.ok(running, "the writer finished before it could be killed");
    child.kill("SIGKILL");
    assert.equal(await exited, "SIGKILL");
    assert.equal(existsSync(target), false, "no file under the dataset's name");
    assert.equal(temporary().length, 1, "only the temporary file, which no dataset name resolves to");
    // A temporary file of a live writer (this process's parent here) is left alone.
    const live = join(dir, `hopper-big.hdf5.tmp-${process.ppid}-1`);
    writeFileSync(live, "being written");
    const small = makeDataset({
      obsDim: 1,
      actDim: 1,
      observations: new Float32Array(2),
      actions: new Float32Array(2),
      rewards: new Float32Array(2),
      terminals: Uint8Array.from([0, 1]),
      timeouts: new Uint8Array(2),
    });
    await writeDatasetFile(target, small);
    assert.deepEqual(temporary(), [basename(live)]);
    assert.equal((await readDatasetFile(target)).dataset.size, 2);
  });
});
