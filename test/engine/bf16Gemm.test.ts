// The bf16 GEMM (native/gemm_bf16.c, products asked for with precision "bf16"): it equals an fp32
// product of the operands rounded to bf16 (to nearest, ties to even) in every transpose case and at
// awkward sizes, stays within bf16 rounding of the plain fp32 product, gives the same bits on one
// and two threads, and engines without it (AVX2, WebAssembly) compute such products in fp32, bit
// for bit as their fp32 products.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { loadNativeAddon } from "../../src/engine/nativeBackend.js";
import { createEngine, type Engine } from "../../src/engine/runtime.js";
import {
  assertClose,
  describeProduct,
  dotTolerance,
  type Product,
  ProductFixture,
  TRANSPOSES,
  toBf16,
} from "./gemmFixtures.js";

/**
 * Bound on |bf16 product - fp32 product| relative to 1 + |result| for values in [-1, 1]: each
 * operand moves by at most 2^-9 of itself, each product by about 2^-8; summed over k products of
 * random sign the error grows as sqrt(k) (its standard deviation is about 5e-4 sqrt(k)), and this
 * allows eight times that.
 */
function bf16Tolerance(k: number): number {
  return 4e-3 * Math.sqrt(Math.max(k, 1)) + dotTolerance(k);
}

// Around the 8 x 32 tile, the 16-pair packing blocks, the 512-step k-blocks (odd lengths end in a
// half pair) and the 96-row / 1024-column blocks.
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 17, 2],
  [17, 3, 33],
  [97, 33, 3],
  [1, 1100, 17],
  [8, 32, 513],
  [9, 5, 1025],
  [40, 70, 255],
];

const native = loadNativeAddon();

describe("bf16 GEMM", {
  skip: native.addon ? false : `the native addon is not built: ${native.reason}`,
}, () => {
  let one: Engine | undefined;
  let two: Engine | undefined;
  before(async () => {
    one = await createEngine({ threads: 1, backend: "native" });
    two = await createEngine({ threads: 2, backend: "native" });
  });
  after(async () => {
    await one?.close();
    await two?.close();
  });

  /** The engines, or a skip when this CPU lacks AVX512_BF16. */
  function engines(t: { skip(why: string): void }): [Engine, Engine] | null {
    if (one?.bf16Matmul && two?.bf16Matmul) return [one, two];
    t.skip(`this CPU has no bf16 GEMM (${one?.description})`);
    return null;
  }

  it("equals the fp32 product of bf16-rounded operands, and is within bf16 rounding of the plain product, in every transpose case", (t) => {
    const e = engines(t);
    if (!e) return;
    let seed = 1;
    const products: Product[] = [];
    for (const [transA, transB] of TRANSPOSES) {
      for (const [m, n, k] of SHAPES) products.push({ transA, transB, m, n, k, alpha: 1, beta: 0, pad: 3 });
      products.push({ transA, transB, m: 37, n: 45, k: 300, alpha: 0.75, beta: -0.5, pad: 2 });
      products.push({ transA, transB, m: 21, n: 19, k: 70, alpha: 1.5, beta: 0.25, pad: 1, batch: 3 });
      products.push({ transA, transB, m: 9, n: 11, k: 0, alpha: 1, beta: 0.5 });
    }
    for (const p of products) {
      const f = new ProductFixture(e[0], p, seed++);
      try {
        const rounded = f.expected(0, p.n, toBf16);
        const plain = f.expected();
        e[0].gemm.gemm({ ...f.args, precision: "bf16" });
        assertClose(f.c, rounded, dotTolerance(p.k), `bf16 vs rounded reference, ${describeProduct(p)}`);
        assertClose(f.c, plain, bf16Tolerance(p.k), `bf16 vs fp32 reference, ${describeProduct(p)}`);
      } finally {
        f.free();
      }
    }
  });

  it("rounds both operands to nearest bf16 with ties to even, and flushes subnormals to zero", (t) => {
    const e = engines(t);
    if (!e) return;
    const u = 2 ** -8; // half a bf16 unit at 1
    const values = [1 + u, 1 + 3 * u, 1 + u + 2 ** -20, 1 + u - 2 ** -20, -(1 + 3 * u), 1e-40, 3];
    const rounded = [1, 1 + 4 * u, 1 + 2 * u, 1, -(1 + 4 * u), 0, 3];
    const heap = e[0].heap;
    const n = values.length;
    const x = heap.alloc(4 * n);
    const ones = heap.alloc(4 * n);
    const c = heap.alloc(4 * n);
    try {
      heap.view(x, n).set(values);
      heap.view(ones, n).fill(1);
      const base = { k: 1, alpha: 1, beta: 0, precision: "bf16" as const, transA: false, transB: false };
      // The values as A (a column) times 1, then 1 times the values as B (a row).
      e[0].gemm.gemm({ ...base, m: n, n: 1, a: x, lda: 1, b: ones, ldb: 1, c, ldc: 1 });
      assert.deepEqual([...heap.view(c, n)], rounded);
      e[0].gemm.gemm({ ...base, m: 1, n, a: ones, lda: 1, b: x, ldb: n, c, ldc: n });
      assert.deepEqual([...heap.view(c, n)], rounded);
    } finally {
      heap.free(c, 4 * n);
      heap.free(ones, 4 * n);
      heap.free(x, 4 * n);
    }
  });

  it("gives the same bits on one and two threads (columns, rows and batch members split)", (t) => {
    const e = engines(t);
    if (!e) return;
    const shapes: Product[] = [
      { transA: false, transB: true, m: 256, n: 1003, k: 301, alpha: 1, beta: 0 },
      { transA: true, transB: false, m: 1001, n: 24, k: 130, alpha: 1, beta: -1 },
      { transA: false, transB: true, m: 2001, n: 3, k: 300, alpha: 1, beta: 0.5 },
      { transA: false, transB: false, m: 96, n: 130, k: 90, alpha: 1, beta: 0.5, batch: 2 },
      { transA: true, transB: true, m: 70, n: 50, k: 65, alpha: 1, beta: 0, batch: 10 },
    ];
    let seed = 500;
    for (const p of shapes) {
      const f1: ProductFixture = new ProductFixture(e[0], p, seed);
      const f2: ProductFixture = new ProductFixture(e[1], p, seed++);
      try {
        e[0].gemm.gemm({ ...f1.args, precision: "bf16" });
        e[1].gemm.gemm({ ...f2.args, precision: "bf16" });
        assert.deepEqual(f2.c, f1.c, describeProduct(p));
      } finally {
        f1.free();
        f2.free();
      }
    }
  });
});

describe("bf16 products on engines without a bf16 GEMM", () => {
  for (const [name, make] of [
    ["native AVX2", () => createEngine({ threads: 1, backend: "native", nativeIsa: "avx2" })],
    ["WebAssembly", () => createEngine({ threads: 1, backend: "wasm" })],
  ] as const) {
    it(`${name}: computed in fp32, bit for bit as an fp32 product`, async (t) => {
      const e = await make().catch(() => null);
      if (!e) return t.skip(`no ${name} engine here`);
      try {
        assert.equal(e.bf16Matmul, false);
        const p: Product = { transA: false, transB: true, m: 33, n: 40, k: 75, alpha: 1, beta: 0 };
        const f = new ProductFixture(e, p, 9);
        try {
          e.gemm.gemm(f.args);
          const fp32 = Float32Array.from(f.c);
          e.gemm.gemm({ ...f.args, precision: "bf16" });
          assert.deepEqual(f.c, fp32);
        } finally {
          f.free();
        }
      } finally {
        await e.close();
      }
    });
  }
});
