// The native engine backend (native/, src/engine/nativeBackend.ts): without the addon the engine
// runs on WebAssembly and says why; ATRADIFF_BACKEND chooses; the native GEMM matches a
// double-precision reference in every transpose case on both instruction sets (narrow A.B^T
// included, which takes dot products), and gives the same bits on one and two threads; every
// native kernel agrees with its WebAssembly twin, and gives the same bits on one and two threads.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { after, before, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { currentEngine, setCurrentEngine } from "../../src/engine/engineInstance.js";
import { fillGaussianFast } from "../../src/engine/gaussianFill.js";
import type { KernelExports } from "../../src/engine/kernelExports.js";
import { loadNativeAddon, NATIVE_KERNELS } from "../../src/engine/nativeBackend.js";
import { Rng } from "../../src/engine/rng.js";
import { createEngine, type Engine } from "../../src/engine/runtime.js";
import {
  assertClose,
  describeProduct,
  dotTolerance,
  type Product,
  ProductFixture,
  TRANSPOSES,
} from "./gemmFixtures.js";

const RUNTIME = fileURLToPath(new URL("../../src/engine/runtime.js", import.meta.url));

/** The backend line a fresh process prints for `env` (its engine made as initEngine makes it). */
function backendOfChild(env: Record<string, string>): { status: number | null; out: string } {
  const script = `const { createEngine } = await import(${JSON.stringify(RUNTIME)});
    const e = await createEngine({ threads: 1 }); console.log(e.backend + ": " + e.description); await e.close();`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], {
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

describe("backend selection", () => {
  it("runs on WebAssembly and says why when the native addon is absent", async () => {
    const e = await createEngine({
      threads: 1,
      backend: "auto",
      nativeAddonPath: "/nonexistent/atradiff.node",
    });
    try {
      assert.equal(e.backend, "wasm");
      assert.match(
        e.description,
        /^wasm .*native backend off: the native addon \/nonexistent\/atradiff.node was not built/,
      );
      // The WebAssembly kernels compute: a product and an elementwise op.
      const a = e.heap.alloc(4 * 4);
      e.kernels.fill(a, 4, 2);
      e.gemm.gemm({
        transA: false,
        transB: false,
        m: 2,
        n: 2,
        k: 2,
        alpha: 1,
        a,
        lda: 2,
        b: a,
        ldb: 2,
        beta: 0,
        c: a,
        ldc: 2,
      });
      assert.deepEqual([...e.heap.view(a, 4)], [8, 8, 8, 8]);
    } finally {
      await e.close();
    }
  });

  it("refuses backend native in one sentence when the addon is absent", async () => {
    await assert.rejects(
      createEngine({ threads: 1, backend: "native", nativeAddonPath: "/nonexistent/atradiff.node" }),
      /^Error: ATRADIFF_BACKEND=native, but the native engine backend cannot run: the native addon .* was not built/,
    );
  });

  it("follows ATRADIFF_BACKEND=wasm, and rejects an unknown value", () => {
    const wasm = backendOfChild({ ATRADIFF_BACKEND: "wasm" });
    assert.equal(wasm.status, 0, wasm.out);
    assert.match(wasm.out, /^wasm: wasm \(.*SIMD\), 1 thread \(native backend off: ATRADIFF_BACKEND=wasm\)/);
    const bad = backendOfChild({ ATRADIFF_BACKEND: "gpu" });
    assert.notEqual(bad.status, 0);
    assert.match(bad.out, /ATRADIFF_BACKEND must be "native", "wasm" or "auto", got "gpu"\./);
  });
});

const native = loadNativeAddon();
const skip = native.addon ? false : `the native addon is not built: ${native.reason}`;

// Around the 8x32 and 6x16 register tiles, the 256-step k-blocks and the 96-row / 1024-column blocks.
const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 17, 1],
  [17, 3, 255],
  [255, 33, 3],
  [1, 1100, 17],
  [1000, 3, 17],
  [17, 255, 1000],
  [97, 521, 33],
  [8, 32, 257],
];

function checkProduct(engine: Engine, p: Product, seed: number, cFill?: "nan"): void {
  const f = new ProductFixture(engine, p, seed, cFill);
  try {
    const want = f.expected();
    engine.gemm.gemm(f.args);
    assertClose(f.c, want, dotTolerance(p.k), `${engine.description}: ${describeProduct(p)}`);
  } finally {
    f.free();
  }
}

for (const isa of ["avx512", "avx2"]) {
  describe(`native GEMM (${isa})`, { skip }, () => {
    // Undefined when this CPU lacks the instruction set (the tests then skip).
    let one: Engine | undefined;
    let two: Engine | undefined;
    before(async () => {
      one = await createEngine({ threads: 1, backend: "native", nativeIsa: isa }).catch(() => undefined);
      two = one && (await createEngine({ threads: 2, backend: "native", nativeIsa: isa }));
    });
    after(async () => {
      await one?.close();
      await two?.close();
    });

    it("matches the reference in every transpose case, awkward shapes, alpha, beta and batches", (t) => {
      if (!one || !two) return t.skip(`this CPU cannot run ${isa}`);
      assert.match(one.description, isa === "avx512" ? /AVX-512/ : /AVX2/);
      let seed = 1;
      for (const [transA, transB] of TRANSPOSES) {
        for (const [m, n, k] of SHAPES)
          checkProduct(one, { transA, transB, m, n, k, alpha: 1, beta: 0, pad: 3 }, seed++);
        checkProduct(one, { transA, transB, m: 37, n: 45, k: 300, alpha: 0.75, beta: -0.5, pad: 2 }, seed++);
        checkProduct(one, { transA, transB, m: 13, n: 29, k: 600, alpha: 2, beta: 0 }, seed++, "nan");
        checkProduct(
          two,
          { transA, transB, m: 21, n: 19, k: 70, alpha: 1.5, beta: 0.25, pad: 1, batch: 3 },
          seed++,
        );
        checkProduct(two, { transA, transB, m: 9, n: 11, k: 0, alpha: 1, beta: 0.5 }, seed++);
      }
    });

    it("refuses leading dimensions shorter than a row, overlapping batch members and sizes that are not 32-bit integers, writing nothing", (t) => {
      if (!one || !two) return t.skip(`this CPU cannot run ${isa}`);
      const f = new ProductFixture(
        one,
        { transA: false, transB: false, m: 4, n: 8, k: 3, alpha: 1, beta: 0 },
        7,
      );
      try {
        const before = Float32Array.from(one.heap.view(f.args.c - 64, 16 + f.args.m * f.args.ldc));
        for (const bad of [{ ldc: -1 }, { ldc: 7 }, { lda: 2 }, { ldb: 0 }])
          assert.throws(
            () => one?.gemm.gemm({ ...f.args, ...bad }),
            /leading dimension/,
            JSON.stringify(bad),
          );
        assert.throws(
          () => two?.gemm.gemm({ ...f.args, batch: 2, strideA: 0, strideB: 0, strideC: 8 }),
          /not to overlap/,
        );
        for (const bad of [{ m: 2 ** 31 }, { n: 1.5 }, { k: Number.NaN }])
          assert.throws(
            () => one?.gemm.gemm({ ...f.args, ...bad }),
            /32-bit integer|integer sizes/,
            JSON.stringify(bad),
          );
        assert.deepEqual(one.heap.view(f.args.c - 64, 16 + f.args.m * f.args.ldc), before);
      } finally {
        f.free();
      }
    });

    it("gives the same bits on one and two threads (columns, rows and batch members split)", (t) => {
      if (!one || !two) return t.skip(`this CPU cannot run ${isa}`);
      const [e1, e2] = [one, two];
      const shapes: Product[] = [
        { transA: false, transB: true, m: 256, n: 1003, k: 300, alpha: 1, beta: 0 },
        { transA: true, transB: false, m: 1001, n: 24, k: 130, alpha: 1, beta: -1 },
        // Few columns of A.B^T: the dot-product path, split by rows.
        { transA: false, transB: true, m: 2001, n: 3, k: 300, alpha: 1, beta: 0.5 },
        { transA: false, transB: false, m: 96, n: 130, k: 90, alpha: 1, beta: 0.5, batch: 2 },
        { transA: true, transB: true, m: 70, n: 50, k: 64, alpha: 1, beta: 0, batch: 10 },
        // Members that do not divide over the threads: each member's columns split.
        { transA: false, transB: false, m: 40, n: 200, k: 64, alpha: 1, beta: 0, batch: 3 },
      ];
      const { parallelMinFlops } = splitThresholds();
      let seed = 500;
      for (const p of shapes) {
        const flops = 2 * p.m * p.n * p.k * (p.batch ?? 1);
        assert.ok(flops >= parallelMinFlops, `${describeProduct(p)} is large enough to be split`);
        const f1 = new ProductFixture(e1, p, seed);
        const f2 = new ProductFixture(e2, p, seed++);
        try {
          e1.gemm.gemm(f1.args);
          e2.gemm.gemm(f2.args);
          assert.deepEqual(f2.c, f1.c, describeProduct(p));
        } finally {
          f1.free();
          f2.free();
        }
      }
    });
  });
}

/** One call of a kernel on arrays of the given sizes (filled from `range`), given their pointers. */
interface KernelCase {
  name: (typeof NATIVE_KERNELS)[number];
  arrays: { size: number; range: [number, number] }[];
  call(k: KernelExports, p: number[]): void;
}

const ACTIVATIONS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
const positive = (size: number) => ({ size, range: [0.05, 3] as [number, number] });
const signed = (size: number) => ({ size, range: [-4, 4] as [number, number] });

/** A call of every native kernel on arrays of N floats or ROWS x COLS matrices. */
function kernelCases(N: number, ROWS: number, COLS: number): KernelCase[] {
  return [
    ...ACTIVATIONS.map(
      (op): KernelCase => ({
        name: "unaryForward",
        // log and sqrt on positive inputs; the rest on both signs.
        arrays: [op === 7 || op === 8 ? positive(N) : signed(N), signed(N)],
        call: (k, [x, out]) => k.unaryForward(op, x, out, N),
      }),
    ),
    ...ACTIVATIONS.map(
      (op): KernelCase => ({
        name: "unaryBackward",
        arrays: [positive(N), positive(N), signed(N), signed(N)],
        call: (k, [x, y, g, dx]) => {
          k.unaryForward(op, x, y, N);
          k.unaryBackward(op, x, y, g, dx, N);
        },
      }),
    ),
    ...[1, 2, 3, 4].map(
      (op): KernelCase => ({
        name: "activationGradInPlace",
        arrays: [signed(N), signed(N), signed(N)],
        call: (k, [x, y, g]) => {
          k.unaryForward(op, x, y, N);
          k.activationGradInPlace(op, x, y, g, N);
        },
      }),
    ),
    ...[0, 1, 2, 3, 4, 5, 9].map(
      (op): KernelCase => ({
        name: "biasActForward",
        arrays: [signed(ROWS * COLS), signed(COLS), signed(ROWS * COLS)],
        call: (k, [x, b, out]) => k.biasActForward(op, x, b, out, ROWS, COLS),
      }),
    ),
    { name: "affine", arrays: [signed(N), signed(N)], call: (k, [x, out]) => k.affine(x, out, N, 0.3, -1.5) },
    { name: "axpy", arrays: [signed(N), signed(N)], call: (k, [x, d]) => k.axpy(x, d, N, -0.7) },
    {
      name: "sumAxis",
      arrays: [signed(ROWS * COLS * 3), signed(ROWS * 3), signed(ROWS), signed(3 * COLS)],
      call: (k, [x, out, out2, out3]) => {
        k.sumAxis(x, ROWS, COLS, 3, out, 0.5, 1);
        k.sumAxis(x, ROWS, 3 * COLS, 1, out2, 2, 0);
        k.sumAxis(x, 1, ROWS, 3 * COLS, out3, 1, 0);
      },
    },
    {
      name: "adamStep",
      arrays: [signed(N), signed(N), signed(N), positive(N)],
      call: (k, [p, g, m, v]) => {
        k.adamStep(p, g, m, v, N, 1e-3, 0.9, 0.999, 1e-8, 0.01, 1, 0.1, 0.01);
        k.adamStep(p, g, m, v, N, 3e-4, 0.8, 0.99, 1e-6, 0.1, 0, 0.2, 0.02);
      },
    },
    { name: "lerpInto", arrays: [signed(N), signed(N)], call: (k, [d, s]) => k.lerpInto(d, s, N, 0.005) },
    { name: "fill", arrays: [signed(N)], call: (k, [x]) => k.fill(x, N - 3, 1.25) },
    ...[0, 1, 2, 3].map(
      (op): KernelCase => ({
        name: "binary",
        // Same shapes, a row broadcast over rows, a column over columns, a scalar; then accumulating.
        arrays: [
          signed(ROWS * COLS),
          op === 3 ? positive(ROWS * COLS) : signed(ROWS * COLS),
          signed(ROWS * COLS),
        ],
        call: (k, [a, b, out]) => {
          k.binary(op, 0, 1, 1, ROWS, COLS, a, 0, 0, COLS, 1, b, 0, 0, COLS, 1, out);
          k.binary(op, 1, 1, 1, ROWS, COLS, a, 0, 0, COLS, 1, b, 0, 0, 0, 1, out);
          k.binary(op, 1, 1, 1, ROWS, COLS, a, 0, 0, 0, 1, b, 0, 0, 1, 0, out);
          k.binary(op, 1, 1, 1, 1, ROWS * COLS, a, 0, 0, 0, 0, b, 0, 0, 0, 1, out);
          k.binary(op, 1, 1, 1, 1, ROWS * COLS, a, 0, 0, 0, 1, b, 0, 0, 0, 1, out);
        },
      }),
    ),
    {
      name: "sumSquares",
      arrays: [signed(N), signed(2)],
      call: (k, [x, out]) => {
        k.fill(out, 1, k.sumSquares(x, N));
        k.fill(out + 4, 1, k.sumSquares(x + 4, N - 5));
      },
    },
    {
      name: "layerNormForward",
      arrays: [
        signed(ROWS * COLS),
        signed(COLS),
        signed(COLS),
        signed(ROWS * COLS),
        signed(ROWS),
        signed(ROWS),
      ],
      call: (k, [x, gamma, beta, y, mean, rstd]) =>
        k.layerNormForward(x, gamma, beta, y, mean, rstd, ROWS, COLS, 1e-5),
    },
    {
      name: "layerNormBackward",
      arrays: [
        signed(ROWS * COLS),
        signed(COLS),
        signed(ROWS * COLS),
        signed(ROWS),
        positive(ROWS),
        signed(ROWS * COLS),
        signed(COLS),
        signed(COLS),
        signed(ROWS * COLS),
      ],
      call: (k, [x, gamma, g, mean, rstd, dx, dgamma, dbeta, y]) => {
        k.layerNormForward(x, gamma, dbeta, y, mean, rstd, ROWS, COLS, 1e-5);
        k.layerNormBackward(x, gamma, g, mean, rstd, ROWS, COLS, dx, dgamma, dbeta);
        k.layerNormBackward(x, 0, g, mean, rstd, ROWS, COLS, dx, 0, 0);
      },
    },
  ];
}

// Not multiples of any vector width or row tile: the tails run too.
const CASES = kernelCases(1000, 7, 143);

/** Runs a case on an engine from seeded inputs; returns every array afterwards. */
function runCase(e: Engine, c: KernelCase, seed: number): Float32Array[] {
  const rng = new Rng(seed);
  const ptrs = c.arrays.map((a) => {
    const p = e.heap.alloc(4 * a.size);
    rng.fillUniform(e.heap.view(p, a.size), a.range[0], a.range[1]);
    return p;
  });
  c.call(e.kernels, ptrs);
  const out = c.arrays.map((a, i) => e.heap.view(ptrs[i], a.size).slice());
  c.arrays.forEach((a, i) => e.heap.free(ptrs[i], 4 * a.size));
  return out;
}

describe("native kernels against their WebAssembly twins", { skip }, () => {
  let wasm: Engine;
  let nat: Engine;
  let natTwo: Engine;
  before(async () => {
    wasm = await createEngine({ threads: 1, backend: "wasm" });
    nat = await createEngine({ threads: 1, backend: "native" });
    natTwo = await createEngine({ threads: 2, backend: "native" });
  });
  after(async () => {
    await wasm.close();
    await nat.close();
    await natTwo.close();
  });

  it("covers every kernel the native backend replaces", () => {
    assert.deepEqual(new Set(CASES.map((c) => c.name)), new Set(NATIVE_KERNELS));
    for (const name of NATIVE_KERNELS) assert.notEqual(nat.kernels[name], wasm.kernels[name], name);
  });

  it("keeps a NaN through ReLU, tanh, exp and softplus as the WebAssembly kernels do", () => {
    for (const e of [wasm, nat]) {
      const x = e.heap.alloc(4 * 20);
      const y = e.heap.alloc(4 * 20);
      e.kernels.fill(x, 20, Number.NaN);
      for (const op of [1, 4, 5, 6]) {
        e.kernels.unaryForward(op, x, y, 20);
        assert.ok(e.heap.view(y, 20).every(Number.isNaN), `${e.backend}: op ${op}`);
      }
      e.heap.free(x, 4 * 20);
      e.heap.free(y, 4 * 20);
    }
  });

  it("agrees within float tolerance on the same inputs", () => {
    CASES.forEach((c, i) => {
      const want = runCase(wasm, c, 1000 + i);
      const got = runCase(nat, c, 1000 + i);
      got.forEach((arr, j) =>
        assertClose(arr, Float64Array.from(want[j]), 2e-5, `${c.name} case ${i}, array ${j}`),
      );
    });
  });

  it("gives the same bits on two threads as on one when a call is large enough to be cut into one range per thread", () => {
    const [n, rows, cols] = [40_003, 301, 143];
    const { splitMinFloats } = splitThresholds();
    assert.ok(Math.min(n, rows * cols) >= splitMinFloats, "the arrays are large enough to be split");
    kernelCases(n, rows, cols).forEach((c, i) => {
      const want = runCase(nat, c, 2000 + i);
      const got = runCase(natTwo, c, 2000 + i);
      got.forEach((arr, j) => assert.deepEqual(arr, want[j], `${c.name} case ${i}, array ${j}`));
    });
  });
});

describe("native Gaussian fill against Rng.fillGaussian", { skip }, () => {
  let nat: Engine;
  let natTwo: Engine;
  let wasm: Engine;
  before(async () => {
    nat = await createEngine({ threads: 1, backend: "native" });
    natTwo = await createEngine({ threads: 2, backend: "native" });
    wasm = await createEngine({ threads: 1, backend: "wasm" });
  });
  after(async () => {
    await nat.close();
    await natTwo.close();
    await wasm.close();
  });

  /** A fill of n draws on `e` (after `before` single draws) and the generator's state after it. */
  function draw(e: Engine, n: number, before: number, mean: number, std: number) {
    const rng = new Rng(17);
    for (let i = 0; i < before; i++) rng.gaussian();
    const out = withEngine(e, () => fillGaussianFast(rng, new Float64Array(n), mean, std));
    return { out, state: rng.state, next: rng.gaussian() };
  }

  it("draws what Rng.fillGaussian draws (to about an ulp) and leaves the generator in the same state", () => {
    // Odd and even lengths, with and without a spare draw waiting, mean and std.
    for (const [n, before, mean, std] of [
      [40_003, 0, 0, 1],
      [40_004, 1, 0.5, 2],
      [1025, 3, -1, 0.1],
      [2048, 2, 0, 1],
    ]) {
      const rng = new Rng(17);
      for (let i = 0; i < before; i++) rng.gaussian();
      const want = rng.fillGaussian(new Float64Array(n), mean, std);
      const got = draw(nat, n, before, mean, std);
      assert.deepEqual(got.state, rng.state, `state after ${n} draws`);
      assert.equal(got.next, rng.gaussian(), `the draw after ${n} draws`);
      for (let i = 0; i < n; i++)
        if (!(Math.abs(got.out[i] - want[i]) <= 4e-16 * (1 + Math.abs(want[i]))))
          assert.fail(`draw ${i} of ${n} is ${got.out[i]}, Rng.fillGaussian gave ${want[i]}`);
    }
  });

  it("gives the same bits on one and two threads, and is Rng.fillGaussian itself on WebAssembly", () => {
    const one = draw(nat, 100_001, 1, 0, 1);
    const two = draw(natTwo, 100_001, 1, 0, 1);
    assert.deepEqual(two, one);
    const rng = new Rng(17);
    rng.gaussian();
    const want = rng.fillGaussian(new Float64Array(5000), 0.25, 3);
    assert.deepEqual(draw(wasm, 5000, 1, 0.25, 3).out, want);
  });
});

/** Runs fn with `e` as the engine tensors use (fillGaussianFast reads it), then restores the previous one. */
function withEngine<T>(e: Engine, fn: () => T): T {
  const prev = currentEngine();
  setCurrentEngine(e);
  try {
    return fn();
  } finally {
    setCurrentEngine(prev);
  }
}

/** The addon's thresholds for cutting a call over threads (read from a context on a scratch memory). */
function splitThresholds(): { parallelMinFlops: number; splitMinFloats: number } {
  const ctx = native.addon!.createContext(
    new Uint8Array(new WebAssembly.Memory({ initial: 1 }).buffer),
    1,
    "",
  );
  return { parallelMinFlops: ctx.parallelMinFlops, splitMinFloats: ctx.splitMinFloats };
}
