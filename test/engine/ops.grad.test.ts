// Every differentiable op's gradient against central finite differences.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as ops from "../../src/engine/ops/index.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { Tensor } from "../../src/engine/tensor.js";
import { gradCheck, randAway } from "./gradcheck.js";

describe("op gradients match finite differences", () => {
  before(async () => {
    await initEngine();
  });
  after(async () => {
    await closeEngine();
  });
  const rng = new Rng(7);
  const rn = (shape: number[], s = 1) => Tensor.randn(shape, rng, s);

  it("add, sub, mul, div with broadcasting", () => {
    const cases: [number[], number[]][] = [
      [
        [3, 5],
        [3, 5],
      ],
      [[3, 5], [5]],
      [
        [3, 5],
        [3, 1],
      ],
      [[4], [2, 3, 4]],
      [
        [2, 1, 4],
        [3, 1],
      ],
      [[3, 5], [1]],
    ];
    for (const [sa, sb] of cases) {
      gradCheck(`add ${sa}+${sb}`, [rn(sa), rn(sb)], ([a, b]) => ops.add(a, b));
      gradCheck(`sub ${sa}-${sb}`, [rn(sa), rn(sb)], ([a, b]) => ops.sub(a, b));
      gradCheck(`mul ${sa}*${sb}`, [rn(sa), rn(sb)], ([a, b]) => ops.mul(a, b));
      const denom = ops.addScalar(ops.exp(rn(sb)), 0.5); // keep away from 0
      denom.requiresGrad = false;
      gradCheck(
        `div ${sa}/${sb}`,
        [rn(sa), Tensor.fromArray(denom.toArray(), sb)],
        ([a, b]) => ops.div(a, b),
        {
          step: 1e-3,
        },
      );
    }
  });

  it("affine, scale, neg, reshape", () => {
    gradCheck("affine", [rn([4, 3])], ([x]) => ops.affine(x, -1.5, 0.3));
    gradCheck("neg", [rn([5])], ([x]) => ops.neg(x));
    gradCheck("reshape", [rn([2, 6])], ([x]) => ops.mul(x.reshape([3, 4]), x.reshape([3, 4])));
  });

  it("activations and math functions", () => {
    for (const op of ["relu", "silu", "mish", "tanh", "softplus", "exp", "sigmoid", "square"] as const)
      gradCheck(op, [randAway([37], rng, 0.05, 2)], ([x]) => ops.unary(op, x), { step: 1e-3 });
    const pos = Tensor.uniform([23], rng, 0.3, 3);
    gradCheck("log", [pos], ([x]) => ops.log(x), { step: 1e-3 });
    gradCheck("sqrt", [Tensor.fromArray(pos.toArray())], ([x]) => ops.sqrt(x), { step: 1e-3 });
    gradCheck("clamp", [randAway([31], rng, 0.05, 2)], ([x]) => ops.clamp(ops.affine(x, 1, 0.02), -1, 1), {
      step: 1e-3,
    });
  });

  it("matmul in every transpose case, batched and shared", () => {
    for (const transA of [false, true])
      for (const transB of [false, true]) {
        const a = rn(transA ? [4, 3] : [3, 4]);
        const b = rn(transB ? [5, 4] : [4, 5]);
        gradCheck(`matmul tA=${transA} tB=${transB}`, [a, b], ([x, y]) =>
          ops.matmul(x, y, { transA, transB }),
        );
        const ae = rn(transA ? [2, 4, 3] : [2, 3, 4]);
        const be = rn(transB ? [2, 5, 4] : [2, 4, 5]);
        gradCheck(`batched matmul tA=${transA} tB=${transB}`, [ae, be], ([x, y]) =>
          ops.matmul(x, y, { transA, transB }),
        );
        gradCheck(`shared-A matmul tA=${transA} tB=${transB}`, [rn(transA ? [4, 3] : [3, 4]), be], ([x, y]) =>
          ops.matmul(x, y, { transA, transB }),
        );
      }
  });

  it("linear with every activation, plain and ensemble", () => {
    for (const act of ["identity", "relu", "silu", "mish", "tanh", "softplus", "sigmoid"] as const) {
      gradCheck(
        `linear ${act}`,
        [rn([5, 4]), rn([3, 4], 0.5), rn([3], 0.5)],
        ([x, w, b]) => ops.linear(x, w, b, act),
        {
          step: 1e-3,
        },
      );
      gradCheck(
        `ensemble linear ${act}`,
        [rn([2, 5, 4]), rn([2, 3, 4], 0.5), rn([2, 3], 0.5)],
        ([x, w, b]) => ops.linear(x, w, b, act),
        { step: 1e-3 },
      );
    }
    gradCheck(
      "shared-input ensemble linear",
      [rn([5, 4]), rn([3, 2, 4], 0.5), rn([3, 2], 0.5)],
      ([x, w, b]) => ops.linear(x, w, b, "relu"),
    );
    gradCheck("linear without bias", [rn([5, 4]), rn([3, 4], 0.5)], ([x, w]) =>
      ops.linear(x, w, null, "tanh"),
    );
  });

  it("layerNorm with and without affine parameters, per ensemble member", () => {
    gradCheck("layerNorm", [rn([4, 6]), rn([6]), rn([6])], ([x, g, b]) => ops.layerNorm(x, g, b), {
      step: 1e-3,
    });
    gradCheck("layerNorm plain", [rn([3, 5])], ([x]) => ops.layerNorm(x, null, null), { step: 1e-3 });
    gradCheck(
      "ensemble layerNorm",
      [rn([2, 3, 5]), rn([2, 5]), rn([2, 5])],
      ([x, g, b]) => ops.layerNorm(x, g, b),
      {
        step: 1e-3,
      },
    );
  });

  it("sum, mean and min over axes", () => {
    for (const axis of [0, 1, 2, -1]) {
      gradCheck(`sum axis ${axis}`, [rn([2, 3, 4])], ([x]) => ops.sum(x, axis));
      gradCheck(`mean axis ${axis}`, [rn([2, 3, 4])], ([x]) => ops.mean(x, axis, true));
      gradCheck(`min axis ${axis}`, [rn([2, 3, 4])], ([x]) => ops.min(x, axis));
    }
    gradCheck("sumAll", [rn([3, 7])], ([x]) => ops.sumAll(x));
    gradCheck("meanAll", [rn([3, 7])], ([x]) => ops.meanAll(x));
  });

  it("concat, slice, gatherRows", () => {
    gradCheck("concat last", [rn([3, 2]), rn([3, 5])], ([a, b]) => ops.concat([a, b], -1));
    gradCheck("concat first", [rn([2, 4]), rn([3, 4])], ([a, b]) => ops.concat([a, b], 0));
    gradCheck("concat middle", [rn([2, 1, 3]), rn([2, 2, 3])], ([a, b]) => ops.concat([a, b], 1));
    gradCheck("slice", [rn([3, 7])], ([x]) => ops.slice(x, 1, 2, 5));
    gradCheck("slice axis 0", [rn([5, 2, 3])], ([x]) => ops.slice(x, 0, 1, 4));
    gradCheck("gatherRows with repeats", [rn([5, 3])], ([x]) => ops.gatherRows(x, [4, 0, 4, 2]));
  });

  it("mse and the tanh-Gaussian sample with its log-probability", () => {
    gradCheck("mse", [rn([4, 3]), rn([4, 3])], ([p, t]) => ops.mse(p, t));
    const eps = rn([4, 3]);
    gradCheck(
      "tanhGaussian",
      [rn([4, 3], 0.5), rn([4, 3], 0.3)],
      ([mu, ls]) => {
        const { action, logProb } = ops.tanhGaussianSample(mu, ls, eps);
        return [action, logProb];
      },
      { step: 1e-3 },
    );
  });

  it("zeroGrad: gradients after it are those of a fresh backward pass, and an untouched one reads as zeros", () => {
    const x = rn([4, 3]);
    const w = Tensor.randn([5, 3], rng, 1, { requiresGrad: true });
    const b = Tensor.randn([5], rng, 1, { requiresGrad: true });
    const unused = Tensor.randn([2], rng, 1, { requiresGrad: true });
    const loss = () => {
      const h = ops.linear(x, w, b, "tanh");
      return ops.mse(ops.add(h, ops.mul(h, h)), Tensor.zeros([4, 5]));
    };
    loss().backward();
    const first = [w.grad!.toArray(), b.grad!.toArray()];
    ops.mse(unused, Tensor.zeros([2])).backward();
    // A second pass accumulates; after zeroGrad a pass gives the first pass's gradients again.
    loss().backward();
    assert.ok(w.grad!.toArray().every((g, i) => Math.abs(g - 2 * first[0][i]) <= 1e-5 * (1 + Math.abs(g))));
    for (const t of [w, b, unused]) t.zeroGrad();
    assert.deepEqual([...unused.grad!.toArray()], [0, 0]);
    loss().backward();
    assert.deepEqual([w.grad!.toArray(), b.grad!.toArray()], first);
    assert.deepEqual([...unused.grad!.toArray()], [0, 0]);
    // zeroGrad twice, then a gradient read directly: zeros.
    w.zeroGrad();
    w.zeroGrad();
    assert.ok(w.grad!.toArray().every((g) => g === 0));
  });

  it("a shape mismatch names the op and the shapes", () => {
    assert.throws(() => ops.add(rn([2, 3]), rn([4])), /add: shapes \[2, 3\] and \[4\] cannot be broadcast/);
    assert.throws(() => ops.matmul(rn([2, 3]), rn([4, 5])), /matmul: cannot multiply \[2, 3\] by \[4, 5\]/);
    assert.throws(() => ops.linear(rn([2, 3]), rn([4, 5]), null), /linear: input \[2, 3\], weight \[4, 5\]/);
    assert.throws(() => ops.mse(rn([2, 3]), rn([3, 2])), /mse: prediction \[2, 3\] and target \[3, 2\]/);
    assert.throws(() => ops.concat([rn([2, 3]), rn([3, 3])], 1), /concat: shapes \[2, 3\], \[3, 3\] differ/);
    assert.throws(() => ops.slice(rn([2, 3]), 1, 2, 5), /slice: range 2..5/);
    assert.throws(() => ops.layerNorm(rn([2, 3]), rn([4]), rn([4])), /layerNorm: input \[2, 3\]/);
  });
});
