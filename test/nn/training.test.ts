// End-to-end training behaviour: an MLP fits a regression; same seed, same weights bit for bit.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { mse } from "../../src/engine/ops/loss.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { Tensor, tidy } from "../../src/engine/tensor.js";
import { Adam } from "../../src/nn/adam.js";
import { MLP } from "../../src/nn/mlp.js";
import { ResidualMLP } from "../../src/nn/residualMlp.js";

function regressionData(rng: Rng, n: number): { x: Tensor; y: Tensor } {
  const x = Tensor.uniform([n, 2], rng, -2, 2);
  const xd = x.data;
  const y = Tensor.empty([n, 1]);
  const yd = y.data;
  for (let i = 0; i < n; i++) yd[i] = Math.sin(xd[2 * i]) * Math.cos(xd[2 * i + 1]);
  return { x, y };
}

function train(model: MLP | ResidualMLP, steps: number, seed: number): number {
  const rng = new Rng(seed);
  const { x, y } = regressionData(rng, 256);
  const opt = new Adam(model.parameters(), { lr: 3e-3 });
  let last = Number.NaN;
  for (let s = 0; s < steps; s++)
    last = tidy(() => {
      opt.zeroGrad();
      const loss = mse(model.forward(x), y);
      loss.backward();
      opt.step();
      return loss.item();
    });
  return last;
}

describe("training", () => {
  before(async () => {
    await initEngine();
  });
  after(async () => {
    await closeEngine();
  });

  it("an MLP fits a small regression", () => {
    const model = new MLP({ sizes: [2, 64, 64, 1], activation: "relu" }, new Rng(1));
    const { x, y } = regressionData(new Rng(5), 256);
    const before = tidy(() => mse(model.forward(x), y).item());
    const after = train(model, 400, 5);
    assert.ok(after < 0.01, `final loss ${after} should be below 0.01 (started at ${before})`);
    assert.ok(after < before / 10);
  });

  it("a SynthER residual MLP with SiLU trains too", () => {
    const model = new ResidualMLP(
      { inFeatures: 2, outFeatures: 1, width: 64, depth: 2, activation: "silu" },
      new Rng(2),
    );
    const after = train(model, 300, 5);
    assert.ok(after < 0.02, `final loss ${after}`);
  });

  it("the same seed gives bit-identical weights after 100 steps", () => {
    const run = () => {
      const model = new MLP({ sizes: [2, 32, 32, 1], activation: "mish", layerNorm: true }, new Rng(42));
      train(model, 100, 9);
      const w = model.parameters().map((p) => p.toArray());
      model.dispose();
      return w;
    };
    const a = run();
    const b = run();
    assert.equal(a.length, b.length);
    a.forEach((wa, i) => assert.deepEqual(wa, b[i]));
    const c = (() => {
      const model = new MLP({ sizes: [2, 32, 32, 1], activation: "mish", layerNorm: true }, new Rng(43));
      return model.parameters()[0].toArray();
    })();
    assert.notDeepEqual(c, a[0]);
  });

  it("tidy frees every temporary of a training step", async () => {
    const { engine } = await import("../../src/engine/runtime.js");
    const model = new MLP({ sizes: [2, 16, 1] }, new Rng(3));
    train(model, 2, 1);
    // train() keeps its data and optimizer state (created outside tidy); per-step tensors must all
    // be freed, so a 1-step and a 20-step run leave the same number of bytes behind.
    let live = engine().heap.liveBytes;
    train(model, 1, 1);
    const oneStep = engine().heap.liveBytes - live;
    live = engine().heap.liveBytes;
    train(model, 20, 1);
    assert.equal(engine().heap.liveBytes - live, oneStep);
  });
  it("a gradient first created inside nested tidy scopes survives them", () => {
    const p = Tensor.fromArray([1, 2, 3], [3], { requiresGrad: true });
    tidy(() =>
      tidy(() => {
        mse(p, Tensor.zeros([3])).backward();
      }),
    );
    assert.ok(p.grad && !p.grad.isDisposed, "the parameter gradient must not be freed by the outer scope");
    const g = p.grad!.toArray();
    assert.deepEqual(Array.from(g), Array.from(Float32Array.from([2 / 3, 4 / 3, 2])));
  });
});
