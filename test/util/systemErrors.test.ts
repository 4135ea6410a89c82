// System errors read as one sentence naming the path and the cause (src/util/systemErrors.ts), made
// by real conditions where this machine allows (a full device: /dev/full; a file where a directory
// is expected; a directory where a file is expected), by injected error objects where it does not
// (a read-only file system and permissions cannot be made as root without mounting).
import assert from "node:assert/strict";
import { mkdirSync, openSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { writeFileAtomic } from "../../src/util/atomicWrite.js";
import { errorMessage, systemErrorSentence, withErrorPath } from "../../src/util/systemErrors.js";
import { tempDirMaker } from "../tempDirs.js";

const tempDir = tempDirMaker("system-errors");

function caught(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  assert.fail("expected a failure");
}

test("a full disk reads as one sentence naming the file: writing /dev/full", () => {
  // Node names no path for a write through a file descriptor; writers add it (atomicWrite.ts).
  const err = caught(() => writeFileSync("/dev/full", "x"));
  assert.equal(errorMessage(err), "Cannot write: the disk is full (ENOSPC).");
  assert.equal(
    errorMessage(withErrorPath(err, "/dev/full")),
    "Cannot write /dev/full: the disk is full (ENOSPC).",
  );
});

test("a file where a directory is expected names the final path, not a temporary one", () => {
  const dir = tempDir();
  writeFileSync(join(dir, "file"), "x");
  const path = join(dir, "file", "run", "config.json");
  const err = caught(() => writeFileAtomic(path, "{}"));
  assert.match(
    errorMessage(err),
    /^Cannot create the directory .*\/file\/run: a part of the path is a file, not a directory \(ENOTDIR\)\.$/,
  );
  const inside = join(dir, "file", "config.json");
  const err2 = caught(() => writeFileSync(inside, "{}"));
  assert.equal(
    errorMessage(err2),
    `Cannot open ${inside}: a part of the path is a file, not a directory (ENOTDIR).`,
  );
});

test("a directory where a file is expected, a missing file and an existing one read as sentences", () => {
  const dir = tempDir();
  assert.equal(
    errorMessage(caught(() => openSync(dir, "w"))),
    `Cannot open ${dir}: it is a directory, not a file (EISDIR).`,
  );
  const missing = join(dir, "missing.json");
  assert.equal(
    errorMessage(caught(() => readFileSync(missing))),
    `Cannot open ${missing}: no such file or directory (ENOENT).`,
  );
  assert.equal(
    errorMessage(caught(() => mkdirSync(dir))),
    `Cannot create the directory ${dir}: something already exists there (EEXIST).`,
  );
  const a = join(dir, "a");
  assert.equal(
    errorMessage(caught(() => renameSync(a, join(dir, "b")))),
    `Cannot rename ${a} to ${join(dir, "b")}: no such file or directory (ENOENT).`,
  );
});

test("read-only file systems and permissions read as sentences (injected: root cannot be refused here)", () => {
  const make = (code: string, syscall: string, path: string) =>
    Object.assign(new Error(`${code}: raw, ${syscall} '${path}'`), { code, syscall, path });
  assert.equal(
    systemErrorSentence(make("EROFS", "open", "/mnt/ro/x")),
    "Cannot open /mnt/ro/x: the file system is read-only (EROFS).",
  );
  assert.equal(
    systemErrorSentence(make("EACCES", "mkdir", "/root/x")),
    "Cannot create the directory /root/x: permission denied (EACCES).",
  );
  assert.equal(
    systemErrorSentence(make("EPERM", "unlink", "/x")),
    "Cannot remove /x: the operation is not permitted (EPERM).",
  );
});

test("HDF5's low-level write failure with errno 28 becomes 'the disk is full'", () => {
  const hdf5 =
    "Cannot write the dataset file runs/d.hdf5: file write failed: time = Mon Dec  7 18:00:00 2026, filename = 'runs/d.hdf5.tmp-1-1', file descriptor = 22, errno = 28, error message = 'No space left on device', buf = 0x1, total write size = 4096, bytes this sub-write = 4096, bytes actually written = 18446744073709551615, offset = 0";
  assert.equal(
    errorMessage(new Error(hdf5)),
    "Cannot write the dataset file runs/d.hdf5: the disk is full (ENOSPC).",
  );
});

test("errors that are not system errors keep their own message, so a bug still shows what it is", () => {
  assert.equal(
    errorMessage(new RangeError("Invalid typed array length: 3")),
    "Invalid typed array length: 3",
  );
  assert.equal(errorMessage(Object.assign(new Error("odd"), { code: "ERR_SOMETHING" })), "odd");
  assert.equal(errorMessage("a string"), "a string");
});
