// The packed GEMM kernel (assembly/gemm.ts) against a double-precision reference: every transpose
// case, awkward sizes, padded leading dimensions, alpha / beta, column ranges, empty products,
// batches, and both kernel builds (relaxed-SIMD FMA and plain SIMD).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { createEngine, type Engine } from "../../src/engine/runtime.js";
import {
  assertClose,
  describeProduct,
  dotTolerance,
  type Product,
  ProductFixture,
  TRANSPOSES,
} from "./gemmFixtures.js";

// Sizes around the 4x8 register tile, the 256-step k-blocks and the 64-row / 512-column blocks.
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 17, 1],
  [17, 3, 255],
  [255, 17, 3],
  [1, 1000, 17],
  [1000, 3, 17],
  [17, 255, 1000],
  [67, 521, 33],
  [8, 16, 257],
];

/** Runs the kernel directly on columns n0..n1 of one product and checks all of C. */
function checkKernel(engine: Engine, p: Product, n0: number, n1: number, seed: number, cFill?: "nan"): void {
  const f = new ProductFixture(engine, p, seed, cFill);
  try {
    const want = f.expected(n0, n1);
    const g = f.args;
    const scratch = engine.heap.alloc(engine.kernels.gemmScratchBytes());
    engine.kernels.gemm(
      g.transA ? 1 : 0,
      g.transB ? 1 : 0,
      g.m,
      g.n,
      g.k,
      g.alpha,
      g.a,
      g.lda,
      g.b,
      g.ldb,
      g.beta,
      g.c,
      g.ldc,
      n0,
      n1,
      scratch,
    );
    engine.heap.free(scratch, engine.kernels.gemmScratchBytes());
    assertClose(f.c, want, dotTolerance(p.k), `${describeProduct(p)} columns ${n0}:${n1}`);
  } finally {
    f.free();
  }
}

for (const relaxedSimd of [true, false]) {
  describe(`GEMM kernel (${relaxedSimd ? "relaxed-SIMD FMA" : "plain SIMD"} build)`, () => {
    let engine: Engine;
    before(async () => {
      engine = await createEngine({ threads: 1, relaxedSimd });
    });
    after(async () => {
      await engine.close();
    });

    it("uses the requested build", () => {
      assert.equal(engine.relaxedSimd, relaxedSimd);
    });

    it("matches the reference in every transpose case and awkward shape, with padded rows", () => {
      let seed = 1;
      for (const [transA, transB] of TRANSPOSES)
        for (const [m, n, k] of SHAPES)
          checkKernel(engine, { transA, transB, m, n, k, alpha: 1, beta: 0, pad: 3 }, 0, n, seed++);
    });

    it("applies alpha and beta, and writes only columns n0..n1", () => {
      let seed = 100;
      for (const [transA, transB] of TRANSPOSES) {
        const p = { transA, transB, m: 37, n: 45, k: 300, alpha: 0.75, beta: -0.5, pad: 2 };
        checkKernel(engine, p, 0, 45, seed++);
        checkKernel(engine, p, 5, 14, seed++);
        checkKernel(engine, p, 16, 40, seed++);
        checkKernel(engine, { ...p, beta: 1 }, 9, 45, seed++);
      }
    });

    it("never reads C when beta is 0 (NaN in C does not leak)", () => {
      let seed = 200;
      for (const [transA, transB] of TRANSPOSES) {
        checkKernel(
          engine,
          { transA, transB, m: 13, n: 29, k: 600, alpha: 2, beta: 0 },
          0,
          29,
          seed++,
          "nan",
        );
        checkKernel(engine, { transA, transB, m: 13, n: 29, k: 7, alpha: 1, beta: 0 }, 3, 20, seed++, "nan");
      }
    });

    it("scales C by beta for an empty product (k = 0)", () => {
      checkKernel(
        engine,
        { transA: false, transB: false, m: 9, n: 11, k: 0, alpha: 1, beta: 0.5 },
        0,
        11,
        300,
      );
      checkKernel(
        engine,
        { transA: true, transB: false, m: 9, n: 11, k: 0, alpha: 1, beta: 0 },
        2,
        7,
        301,
        "nan",
      );
    });

    it("leaves C alone for an empty row or column range", () => {
      checkKernel(engine, { transA: false, transB: false, m: 0, n: 11, k: 5, alpha: 1, beta: 0 }, 0, 11, 302);
      checkKernel(engine, { transA: false, transB: false, m: 6, n: 11, k: 5, alpha: 1, beta: 0 }, 4, 4, 303);
    });

    it("runs batched products member by member with the given strides", () => {
      let seed = 400;
      for (const [transA, transB] of TRANSPOSES) {
        const p = { transA, transB, m: 21, n: 19, k: 70, alpha: 1.5, beta: 0.25, pad: 1, batch: 3 };
        const f = new ProductFixture(engine, p, seed++);
        try {
          const want = f.expected();
          engine.gemm.gemm(f.args);
          assertClose(f.c, want, dotTolerance(p.k), describeProduct(p));
        } finally {
          f.free();
        }
      }
    });
  });
}
