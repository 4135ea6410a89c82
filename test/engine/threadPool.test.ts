// The threaded GEMM runner: two threads give the one-thread result (column and row splits,
// batches split by member or within members, small products kept on the main thread), a fault in
// any thread's share surfaces as an exception without breaking the pool, and closing lets Node exit.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { createEngine, type Engine } from "../../src/engine/runtime.js";
import { PARALLEL_MIN_FLOPS } from "../../src/engine/threadPool.js";
import { assertClose, describeProduct, dotTolerance, type Product, ProductFixture } from "./gemmFixtures.js";

/** Runs the same product (same seed, so same operands) on both engines and compares C. */
function sameOnBoth(one: Engine, two: Engine, p: Product, seed: number): void {
  const f1 = new ProductFixture(one, p, seed);
  const f2 = new ProductFixture(two, p, seed);
  try {
    one.gemm.gemm(f1.args);
    two.gemm.gemm(f2.args);
    assertClose(
      f2.c,
      Float64Array.from(f1.c),
      dotTolerance(p.k),
      `two threads vs one, ${describeProduct(p)}`,
    );
  } finally {
    f1.free();
    f2.free();
  }
}

describe("threaded GEMM", () => {
  let one: Engine;
  let two: Engine;
  before(async () => {
    one = await createEngine({ threads: 1 });
    two = await createEngine({ threads: 2 });
  });
  after(async () => {
    await one.close();
    await two.close();
  });

  it("runs on two threads when asked", () => {
    assert.equal(one.threads, 1);
    assert.equal(two.threads, two.sharedMemory ? 2 : 1);
  });

  it("matches the one-thread result when splitting columns, rows and batches", () => {
    const shapes: Product[] = [
      // Wide: split by columns (not a multiple of the 8-column tile).
      { transA: false, transB: false, m: 64, n: 1003, k: 200, alpha: 1, beta: 0 },
      { transA: false, transB: true, m: 40, n: 517, k: 301, alpha: 0.5, beta: 1, pad: 3 },
      // Tall: split by rows (not a multiple of the 4-row tile).
      { transA: true, transB: false, m: 1001, n: 24, k: 130, alpha: 1, beta: -1 },
      { transA: true, transB: true, m: 777, n: 30, k: 99, alpha: 2, beta: 0, pad: 1 },
      // Batches: fewer members than chunks (split inside members), and more (split by member).
      { transA: false, transB: false, m: 96, n: 130, k: 90, alpha: 1, beta: 0.5, batch: 2 },
      { transA: true, transB: false, m: 70, n: 50, k: 64, alpha: 1, beta: 0, batch: 10 },
      { transA: false, transB: true, m: 33, n: 41, k: 257, alpha: -1, beta: 1, batch: 7 },
    ];
    let seed = 1;
    for (const p of shapes) {
      assert.ok(
        2 * p.m * p.n * p.k * (p.batch ?? 1) >= PARALLEL_MIN_FLOPS,
        `${describeProduct(p)} is parallel`,
      );
      sameOnBoth(one, two, p, seed++);
    }
  });

  it("agrees with the reference on a threaded product", () => {
    const p: Product = { transA: false, transB: true, m: 130, n: 250, k: 260, alpha: 0.5, beta: 2 };
    const f = new ProductFixture(two, p, 77);
    try {
      const want = f.expected();
      two.gemm.gemm(f.args);
      assertClose(f.c, want, dotTolerance(p.k), describeProduct(p));
    } finally {
      f.free();
    }
  });

  it("keeps small products on the main thread and still gets them right", () => {
    sameOnBoth(one, two, { transA: true, transB: false, m: 5, n: 9, k: 33, alpha: 1, beta: 0 }, 50);
  });

  it("works on memory added after the workers started (the memory grew)", () => {
    const before = two.heap.memory.buffer.byteLength;
    const p: Product = { transA: false, transB: false, m: 300, n: 400, k: 2000, alpha: 1, beta: 0 };
    const big = two.heap.alloc(before); // forces the shared memory to grow
    try {
      assert.ok(two.heap.memory.buffer.byteLength > before);
      sameOnBoth(one, two, p, 60);
    } finally {
      two.heap.free(big, before);
    }
  });

  it("reports a fault in any thread's share as an error and keeps working", () => {
    const p: Product = { transA: false, transB: false, m: 64, n: 512, k: 256, alpha: 1, beta: 0, batch: 4 };
    const f = new ProductFixture(two, p, 70);
    try {
      // The last member's A lies past the end of memory: whichever thread takes it traps.
      const bad = { ...f.args, strideA: Math.floor(2 ** 32 / 4 / 3) };
      assert.throws(() => two.gemm.gemm(bad), /out of bounds|failed/);
    } finally {
      f.free();
    }
    sameOnBoth(one, two, { ...p, batch: 2 }, 71);
  });

  it("rejects sizes that are not non-negative integers", () => {
    const f = new ProductFixture(
      two,
      { transA: false, transB: false, m: 4, n: 4, k: 4, alpha: 1, beta: 0 },
      80,
    );
    try {
      assert.throws(() => two.gemm.gemm({ ...f.args, m: -1 }), /non-negative integer sizes/);
      assert.throws(() => two.gemm.gemm({ ...f.args, k: 2.5 }), /non-negative integer sizes/);
    } finally {
      f.free();
    }
  });

  it("does not keep Node alive, and close() stops the workers", () => {
    const runtime = fileURLToPath(new URL("../../src/engine/runtime.js", import.meta.url));
    const script = `
      const { createEngine } = await import(${JSON.stringify(runtime)});
      const e = await createEngine({ threads: 2 });
      if (e.threads !== 2) throw new Error("expected two threads");
      const a = e.heap.alloc(4 * 256 * 256), c = e.heap.alloc(4 * 256 * 256);
      e.gemm.gemm({ transA: false, transB: false, m: 256, n: 256, k: 256, alpha: 1, a, lda: 256,
                    b: a, ldb: 256, beta: 0, c, ldc: 256 });
      if (process.argv[1] === "close") { await e.close(); e.gemm.gemm({ transA: false, transB: false,
        m: 256, n: 256, k: 256, alpha: 1, a, lda: 256, b: a, ldb: 256, beta: 0, c, ldc: 256 }); }
      console.log("finished");`;
    for (const mode of ["open", "close"]) {
      const r = spawnSync(process.execPath, ["--input-type=module", "-e", script, mode], {
        encoding: "utf8",
        timeout: 20000,
      });
      assert.equal(r.status, 0, `child (${mode}) failed: ${r.stderr}`);
      assert.match(r.stdout, /finished/);
    }
  });
});
