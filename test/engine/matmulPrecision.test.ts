// The matrix-product precision of the engine's layers (src/engine/matmulPrecision.ts): set for a
// stretch of code, restored after it (also when it throws); linear and matmul compute forward and
// backward products from bf16-rounded operands where the engine has a bf16 GEMM (the backward
// pass in the precision of its forward pass, even when it runs after the stretch), and in fp32
// everywhere else; the start-up line says which.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import {
  describeMatmulPrecision,
  matmulPrecision,
  withMatmulPrecision,
} from "../../src/engine/matmulPrecision.js";
import { linear } from "../../src/engine/ops/linear.js";
import { matmul } from "../../src/engine/ops/matmul.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, type Engine, engine, initEngine } from "../../src/engine/runtime.js";
import { Tensor } from "../../src/engine/tensor.js";
import { assertClose, dotTolerance, toBf16 } from "./gemmFixtures.js";

/** C[i][j] = sum_p a(i, p) b(p, j) in double precision, each operand passed through `round`. */
function product(
  m: number,
  n: number,
  k: number,
  a: (i: number, p: number) => number,
  b: (p: number, j: number) => number,
  round: (x: number) => number,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += round(a(i, p)) * round(b(p, j));
      out[i * n + j] = s;
    }
  return out;
}

describe("matrix-product precision", () => {
  before(async () => {
    await initEngine();
  });
  after(async () => {
    await closeEngine();
  });

  it("is set for the stretch of code only, and restored when it throws", () => {
    assert.equal(matmulPrecision(), "fp32");
    assert.equal(
      withMatmulPrecision("bf16", () => matmulPrecision()),
      "bf16",
    );
    assert.throws(() =>
      withMatmulPrecision("bf16", () => {
        throw new Error("inside");
      }),
    );
    assert.equal(matmulPrecision(), "fp32");
  });

  it("linear and matmul compute forward and backward from bf16-rounded operands where the engine has bf16, else in fp32", () => {
    const round = engine().bf16Matmul ? toBf16 : (x: number) => x;
    const rng = new Rng(3);
    const [rows, inDim, outDim] = [20, 37, 45];
    const x = Tensor.randn([rows, inDim], rng, 1, { requiresGrad: true });
    const w = Tensor.randn([outDim, inDim], rng, 1, { requiresGrad: true });
    const b = Tensor.randn([outDim], rng, 1, { requiresGrad: true });
    const g = Tensor.randn([rows, outDim], rng);
    const [X, W, B, G] = [x.toArray(), w.toArray(), b.toArray(), g.toArray()];
    const y = withMatmulPrecision("bf16", () => linear(x, w, b));
    // The backward pass runs after the stretch: it keeps the forward pass's precision.
    y.backward(g);
    const wantY = product(
      rows,
      outDim,
      inDim,
      (i, p) => X[i * inDim + p],
      (p, j) => W[j * inDim + p],
      round,
    );
    for (let i = 0; i < rows; i++) for (let j = 0; j < outDim; j++) wantY[i * outDim + j] += B[j];
    assertClose(y.toArray(), wantY, dotTolerance(inDim), "linear forward");
    const wantDw = product(
      outDim,
      inDim,
      rows,
      (j, i) => G[i * outDim + j],
      (i, p) => X[i * inDim + p],
      round,
    );
    assertClose(gradOf(w), wantDw, dotTolerance(rows), "linear weight gradient");
    const wantDx = product(
      rows,
      inDim,
      outDim,
      (i, j) => G[i * outDim + j],
      (j, p) => W[j * inDim + p],
      round,
    );
    assertClose(gradOf(x), wantDx, dotTolerance(outDim), "linear input gradient");
    // The bias gradient is a sum, not a product: fp32 whatever the precision.
    const wantDb = new Float64Array(outDim);
    for (let i = 0; i < rows; i++) for (let j = 0; j < outDim; j++) wantDb[j] += G[i * outDim + j];
    assertClose(gradOf(b), wantDb, dotTolerance(rows), "linear bias gradient");

    const a = Tensor.randn([inDim, rows], rng);
    const c = withMatmulPrecision("bf16", () => matmul(a, w, { transA: true, transB: true }));
    const A = a.toArray();
    const wantC = product(
      rows,
      outDim,
      inDim,
      (i, p) => A[p * rows + i],
      (p, j) => W[j * inDim + p],
      round,
    );
    assertClose(c.toArray(), wantC, dotTolerance(inDim), "matmul A^T.B^T");
    for (const t of [x, w, b, g, y, a, c]) t.dispose();
  });

  it("says in one line what a bf16 request computes as", () => {
    const e = engine();
    assert.equal(describeMatmulPrecision("fp32", e), "matrix products: fp32");
    const line = describeMatmulPrecision("bf16", e);
    if (e.bf16Matmul) assert.equal(line, "matrix products: bf16 inputs with fp32 sums (AVX512_BF16)");
    else
      assert.equal(
        line,
        `matrix products: fp32, not the bf16 asked for (bf16 needs the native backend on a CPU with AVX512_BF16; this engine is ${e.description})`,
      );
    const wasm = { bf16Matmul: false, description: "wasm (SIMD), 1 thread" } as Engine;
    assert.match(
      describeMatmulPrecision("bf16", wasm),
      /^matrix products: fp32, not the bf16 asked for .*wasm \(SIMD\)/,
    );
  });
});

function gradOf(t: Tensor): Float32Array {
  assert.ok(t.grad, "a gradient was computed");
  return t.grad.toArray();
}
