// The output-directory rules (src/util/outputDirectory.ts): atradiff marks what it creates, --force
// replaces only a directory it marked as the same kind, and a failed start leaves nothing behind.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
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
  const out = claimOutputDirectory(dir, "run", { force: true });
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
    startInOutputDirectory(claimOutputDirectory(empty, "report"), failAsync),
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
