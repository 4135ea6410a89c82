// The output-directory rules (src/util/outputDirectory.ts): atradiff marks what it creates, --force
// replaces only a directory it marked as the same kind, and a failed start leaves nothing behind.
import assert from "node:assert/strict";
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import {
  claimOutputDirectory,
  decideOutputDirectory,
  OUTPUT_MARKER,
  readOutputMarker,
  startInOutputDirectory,
} from "../../src/util/outputDirectory.js";
import { projectVersion } from "../../src/util/projectVersion.js";
import { tempDirMaker } from "../tempDirs.js";

const tempDir = tempDirMaker("output-dir");

/** A user's project: what the first finding deleted. */
function userProject(root: string): string {
  const p = join(root, "p");
  mkdirSync(join(p, "src"), { recursive: true });
  writeFileSync(join(p, "config.json"), '{"name":"app"}');
  writeFileSync(join(p, "src", "main.ts"), "code");
  return p;
}

test("a new output directory is created with a marker naming its kind and the version", () => {
  const dir = join(tempDir(), "a", "run");
  const out = claimOutputDirectory(dir, "run");
  assert.equal(out.decision, "create");
  const marker = JSON.parse(readFileSync(join(dir, OUTPUT_MARKER), "utf8"));
  assert.deepEqual(marker, { format: "atradiff-output-v1", kind: "run", version: projectVersion() });
  assert.deepEqual(readOutputMarker(dir), marker);
});

test("an empty or blank --out is refused", () => {
  for (const blank of ["", "  "])
    assert.throws(() => decideOutputDirectory(blank, "run"), /^Error: --out is empty; expected the path/);
});

test("--force replaces a directory that atradiff marked as the same kind, and refuses it without --force", () => {
  const dir = join(tempDir(), "run");
  claimOutputDirectory(dir, "run");
  writeFileSync(join(dir, "metrics.jsonl"), "{}\n");
  assert.throws(
    () => claimOutputDirectory(dir, "run", { orElse: "or continue it" }),
    /already holds a training run; pass --force to replace it, or continue it, or choose another --out\.$/,
  );
  const out = claimOutputDirectory(dir, "run", { force: true, ownEntries: (n) => n === "metrics.jsonl" });
  assert.equal(out.decision, "replace");
  assert.deepEqual(readdirSync(dir), [OUTPUT_MARKER]);
});

test("--force never deletes a directory that atradiff did not make (the issue's p/src/main.ts)", () => {
  const p = userProject(tempDir());
  assert.throws(
    () => claimOutputDirectory(p, "run", { force: true }),
    /is not empty and was not made by atradiff \(it has no \.atradiff-output\.json\); atradiff does not write into it or delete it, even with --force: choose another --out\.$/,
  );
  assert.equal(readFileSync(join(p, "src", "main.ts"), "utf8"), "code");
  assert.equal(readFileSync(join(p, "config.json"), "utf8"), '{"name":"app"}');
});

test("a directory marked as another kind, or with a damaged marker, is refused even with --force", () => {
  const root = tempDir();
  const generator = join(root, "g");
  claimOutputDirectory(generator, "generator");
  assert.throws(
    () => claimOutputDirectory(generator, "run", { force: true }),
    /holds an ATraDiff generator \(made by atradiff .+\), not a training run; choose another --out\.$/,
  );
  assert.ok(existsSync(join(generator, OUTPUT_MARKER)));
  const damaged = join(root, "d");
  mkdirSync(damaged);
  writeFileSync(join(damaged, OUTPUT_MARKER), "{");
  assert.throws(() => claimOutputDirectory(damaged, "run", { force: true }), /is damaged/);
  assert.ok(existsSync(join(damaged, OUTPUT_MARKER)));
});

test("a directory from an older atradiff (no marker) is continued, never replaced, even with --force", () => {
  const dir = join(tempDir(), "old-run");
  mkdirSync(dir);
  writeFileSync(join(dir, "config.json"), '{"agent":"sac","env":"pendulum"}');
  const older = { madeByOlderVersion: () => true };
  const continued = claimOutputDirectory(dir, "run", { ...older, continues: true });
  assert.equal(continued.decision, "continue");
  assert.equal((readOutputMarker(dir) as { kind: string }).kind, "run", "marked once continued");
  const other = join(tempDir(), "old-generator");
  mkdirSync(other);
  writeFileSync(join(other, "manifest.json"), "{}");
  assert.throws(
    () => claimOutputDirectory(other, "generator", { ...older, force: true }),
    /from an atradiff older than output markers \(no \.atradiff-output\.json\), which --force does not delete; remove it yourself, or choose another --out\.$/,
  );
  assert.ok(existsSync(join(other, "manifest.json")));
});

test("a file where the output directory should be is refused", () => {
  const file = join(tempDir(), "file");
  writeFileSync(file, "x");
  assert.throws(() => claimOutputDirectory(file, "run", { force: true }), /exists and is not a directory/);
  assert.equal(readFileSync(file, "utf8"), "x");
});

test("a failed start removes what this invocation created and keeps what was there before", async () => {
  const root = tempDir();
  const nested = join(root, "new-parent", "run");
  const failIn = (dir: string) => () => {
    writeFileSync(join(dir, "config.json"), "{}");
    throw new Error("disk full");
  };
  assert.throws(
    () => startInOutputDirectory(claimOutputDirectory(nested, "run"), failIn(nested)),
    /disk full/,
  );
  assert.deepEqual(readdirSync(root), [], "the new parent directory is gone too");

  const empty = join(root, "empty");
  mkdirSync(empty);
  const failAsync = async () => {
    writeFileSync(join(empty, "report.html"), "x");
    throw new Error("no evaluation");
  };
  await assert.rejects(
    startInOutputDirectory(
      claimOutputDirectory(empty, "report", { ownEntries: (n) => n === "report.html" }),
      failAsync,
    ),
    /no evaluation/,
  );
  assert.deepEqual(readdirSync(empty), [], "an existing empty directory is kept, emptied");

  const continued = join(root, "continued");
  claimOutputDirectory(continued, "experiment");
  writeFileSync(join(continued, "keep"), "x");
  const again = claimOutputDirectory(continued, "experiment", { continues: true });
  assert.throws(() => startInOutputDirectory(again, failIn(continued)), /disk full/);
  assert.ok(existsSync(join(continued, "keep")), "a continued directory is left as it was");
  // And the retry is not blocked: the same claim creates the directory again.
  assert.equal(claimOutputDirectory(nested, "run").decision, "create");
});

/** A run as atradiff makes it: marker, config.json, a seed directory. */
function markedRun(dir: string): void {
  claimOutputDirectory(dir, "run");
  writeFileSync(join(dir, "config.json"), "{}");
  mkdirSync(join(dir, "seed-0", "checkpoints"), { recursive: true });
}
const RUN_ENTRIES = { force: true, ownEntries: (n: string) => n === "config.json" || n === "seed-0" };

test("--force refuses a marked directory holding anything its kind does not write, names it, and deletes nothing", () => {
  const dir = join(tempDir(), "r1");
  markedRun(dir);
  mkdirSync(join(dir, "my-notes"));
  writeFileSync(join(dir, "my-notes", "thesis.txt"), "precious");
  assert.throws(
    () => claimOutputDirectory(dir, "run", RUN_ENTRIES),
    /r1 holds .*r1\/my-notes, which is not part of a training run, so --force does not replace it: move that out or remove it yourself, or choose another --out\.$/,
  );
  assert.equal(readFileSync(join(dir, "my-notes", "thesis.txt"), "utf8"), "precious");
  assert.ok(existsSync(join(dir, "seed-0", "checkpoints")), "the run itself is kept too");
});

test("--force still replaces a marked directory holding only its kind's entries and their atomic temporaries", () => {
  const dir = join(tempDir(), "r1");
  markedRun(dir);
  writeFileSync(join(dir, "config.json.tmp-123-4"), "{");
  assert.equal(claimOutputDirectory(dir, "run", RUN_ENTRIES).decision, "replace");
  assert.deepEqual(readdirSync(dir), [OUTPUT_MARKER]);
});

test("--force refuses a directory with an output of its own nested inside (a report into a seed)", () => {
  const dir = join(tempDir(), "r1");
  markedRun(dir);
  claimOutputDirectory(join(dir, "seed-0", "report"), "report");
  assert.throws(
    () => claimOutputDirectory(dir, "run", RUN_ENTRIES),
    /holds .*seed-0\/report, an output of its own \(it has \.atradiff-output\.json\), so --force does not replace .*r1: move that out/,
  );
  assert.ok(existsSync(join(dir, "seed-0", "report", OUTPUT_MARKER)));
});

test("--force refuses a directory that holds one of the command's inputs", () => {
  const dir = join(tempDir(), "r1");
  markedRun(dir);
  const dataset = join(dir, "seed-0", "data.hdf5");
  writeFileSync(dataset, "d");
  assert.throws(
    () => claimOutputDirectory(dir, "run", { ...RUN_ENTRIES, inputs: [undefined, dataset] }),
    /holds .*data\.hdf5, which this command reads, so --force does not replace .*r1: move the input out, or choose another --out\.$/,
  );
  assert.ok(existsSync(dataset));
  const outside = join(tempDir(), "data.hdf5");
  writeFileSync(outside, "d");
  assert.equal(claimOutputDirectory(dir, "run", { ...RUN_ENTRIES, inputs: [outside] }).decision, "replace");
});

test("a dangling symbolic link as the output directory is refused and left in place", () => {
  const root = tempDir();
  const link = join(root, "out");
  symlinkSync(join(root, "missing"), link);
  assert.throws(
    () => claimOutputDirectory(link, "run", { force: true }),
    /out is a symbolic link to .*missing, which does not exist; give --out a directory path, or remove the link yourself\.$/,
  );
  assert.ok(lstatSync(link).isSymbolicLink());
  const failing = () => {
    throw new Error("bad setting");
  };
  assert.throws(
    () => startInOutputDirectory(claimOutputDirectory(join(link, "x"), "run"), failing),
    /ENOENT|bad/,
  );
  assert.ok(lstatSync(link).isSymbolicLink(), "a failed start does not remove the link");
});

test("a failed start removes the parents it made only while they are empty, keeping what others put there", () => {
  const root = tempDir();
  const x = join(root, "new", "x");
  const y = join(root, "new", "y");
  const outX = claimOutputDirectory(x, "run");
  claimOutputDirectory(y, "run");
  writeFileSync(join(y, "config.json"), "{}");
  assert.throws(
    () =>
      startInOutputDirectory(outX, () => {
        throw new Error("bad setting");
      }),
    /bad setting/,
  );
  assert.ok(!existsSync(x), "its own directory is gone");
  assert.deepEqual(readdirSync(join(y)).sort(), [OUTPUT_MARKER, "config.json"], "the other run is kept");
});

test("a failed start in an existing empty directory removes only the marker and its kind's entries", () => {
  const dir = join(tempDir(), "empty");
  mkdirSync(dir);
  const out = claimOutputDirectory(dir, "report", { ownEntries: (n) => n === "report.html" });
  writeFileSync(join(dir, "report.html"), "x");
  writeFileSync(join(dir, "someone-elses.txt"), "keep");
  assert.throws(
    () =>
      startInOutputDirectory(out, () => {
        throw new Error("no evaluation");
      }),
    /no evaluation/,
  );
  assert.deepEqual(readdirSync(dir), ["someone-elses.txt"]);
});
