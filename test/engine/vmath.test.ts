// The vectorized transcendental kernels against Math.* in double precision, tails included.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import * as ops from "../../src/engine/ops/index.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { Tensor, tidy } from "../../src/engine/tensor.js";

const softplus = (x: number) => Math.max(x, 0) + Math.log1p(Math.exp(-Math.abs(x)));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const refs: Record<string, (x: number) => number> = {
  exp: Math.exp,
  tanh: Math.tanh,
  sigmoid,
  softplus,
  silu: (x) => x * sigmoid(x),
  mish: (x) => x * Math.tanh(softplus(x)),
  relu: (x) => Math.max(x, 0),
  square: (x) => x * x,
};

describe("vector math accuracy", () => {
  before(async () => {
    await initEngine();
  });
  after(async () => {
    await closeEngine();
  });

  it("matches Math within a few fp32 ulp over a wide range", () => {
    const xs: number[] = [];
    for (let x = -30; x <= 30; x += 0.0137) xs.push(x);
    xs.push(0, -0, 1e-7, -1e-7, 0.25, -0.25, 0.2499, 80, -80, 1e-30);
    for (const [name, ref] of Object.entries(refs)) {
      const got = tidy(() => ops.unary(name as "exp", Tensor.fromArray(xs)).toArray());
      xs.forEach((x, i) => {
        const want = ref(x);
        const err = Math.abs(got[i] - want) / Math.max(Math.abs(want), 1e-30);
        const absErr = Math.abs(got[i] - want);
        assert.ok(err < 4e-6 || absErr < 1e-37, `${name}(${x}) = ${got[i]}, expected ${want}`);
      });
    }
  });

  it("log and sqrt, with their special values", () => {
    const xs = [1e-30, 1e-5, 0.3, 0.7, 1, 2, 10, 12345.678, 3e30];
    const lg = tidy(() => ops.log(Tensor.fromArray(xs)).toArray());
    xs.forEach((x, i) =>
      assert.ok(Math.abs(lg[i] - Math.log(x)) < 2e-6 * Math.max(1, Math.abs(Math.log(x))), `log(${x})`),
    );
    const special = tidy(() => ops.log(Tensor.fromArray([0, -1, Number.POSITIVE_INFINITY])).toArray());
    assert.equal(special[0], Number.NEGATIVE_INFINITY);
    assert.ok(Number.isNaN(special[1]));
    assert.equal(special[2], Number.POSITIVE_INFINITY);
    const sq = tidy(() => ops.sqrt(Tensor.fromArray(xs)).toArray());
    xs.forEach((x, i) => assert.ok(Math.abs(sq[i] - Math.sqrt(x)) <= 1e-6 * Math.sqrt(x)));
  });
});
