// A seed resumed on other engine kernels than its last session's (engineSessions.ts) is warned that
// the resumed part is not bit-identical to an uninterrupted run; a change of thread count, a fresh
// start and a first session are not warned about; every session is recorded.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { ENGINE_LOG_FILE, recordEngineSession } from "../../src/experiments/seeds/engineSessions.js";

const dirs: string[] = [];
function seedDir(): string {
  const d = mkdtempSync(join(tmpdir(), "atradiff-engine-sessions-"));
  dirs.push(d);
  return d;
}
after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const AVX512 = "native (AVX-512), 2 threads";
const AVX2 = "native (AVX2), 2 threads";
const WASM = "wasm (relaxed SIMD), 1 thread (native backend off: ATRADIFF_BACKEND=wasm)";

describe("engine sessions of a seed", () => {
  it("a resume on other kernels than the last session's warns that it is not bit-identical", () => {
    const dir = seedDir();
    assert.equal(recordEngineSession(dir, AVX512, false), null);
    assert.equal(
      recordEngineSession(dir, AVX2, true),
      `Warning: ${dir} resumes on native (AVX2) kernels, but its last session ran on native (AVX-512): the resumed part will not be bit-identical to an uninterrupted run on native (AVX-512).`,
    );
    // Compared with the last session, not the first: a second resume on AVX2 is no change.
    assert.equal(recordEngineSession(dir, AVX2, true), null);
    assert.match(
      recordEngineSession(dir, WASM, true) ?? "",
      /resumes on wasm \(relaxed SIMD\) kernels, but its last session ran on native \(AVX2\)/,
    );
    const engines = readFileSync(join(dir, ENGINE_LOG_FILE), "utf8")
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l).engine);
    assert.deepEqual(engines, [AVX512, AVX2, AVX2, WASM]);
  });

  it("another thread count, a fresh start or no earlier session is no warning", () => {
    const dir = seedDir();
    assert.equal(recordEngineSession(dir, WASM, true), null, "no earlier session");
    assert.equal(
      recordEngineSession(dir, "wasm (relaxed SIMD), 2 threads (native backend off: no compiler)", true),
      null,
      "threads give the same bits",
    );
    assert.equal(recordEngineSession(dir, AVX512, false), null, "a start from scratch (no checkpoint)");
  });
});
