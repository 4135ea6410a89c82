// Adam / AdamW / clipping against a double-precision reference of PyTorch's update rule.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { Tensor } from "../../src/engine/tensor.js";
import { Adam } from "../../src/nn/adam.js";
import { clipGradNorm } from "../../src/nn/gradClip.js";
import { cosineLr } from "../../src/nn/schedule.js";

function referenceAdam(
  p: number[],
  grads: number[][],
  o: { lr: number; b1: number; b2: number; eps: number; wd: number; decoupled: boolean },
): number[] {
  const m = p.map(() => 0);
  const v = p.map(() => 0);
  const x = p.slice();
  grads.forEach((g0, t0) => {
    const t = t0 + 1;
    for (let i = 0; i < x.length; i++) {
      let g = g0[i];
      if (o.decoupled) x[i] *= 1 - o.lr * o.wd;
      else g += o.wd * x[i];
      m[i] = o.b1 * m[i] + (1 - o.b1) * g;
      v[i] = o.b2 * v[i] + (1 - o.b2) * g * g;
      const denom = Math.sqrt(v[i]) / Math.sqrt(1 - o.b2 ** t) + o.eps;
      x[i] -= (o.lr / (1 - o.b1 ** t)) * (m[i] / denom);
    }
  });
  return x;
}

describe("Adam", () => {
  before(async () => {
    await initEngine();
  });
  after(async () => {
    await closeEngine();
  });

  for (const decoupled of [false, true])
    it(`matches the reference update (${decoupled ? "AdamW" : "Adam + L2"}) over 20 steps`, () => {
      const rng = new Rng(3);
      const n = 11; // not a multiple of 4: exercises the scalar tail
      const init = Array.from({ length: n }, () => rng.gaussian());
      const grads = Array.from({ length: 20 }, () => Array.from({ length: n }, () => rng.gaussian()));
      const o = { lr: 1e-2, b1: 0.9, b2: 0.99, eps: 1e-8, wd: 0.1, decoupled };
      const p = Tensor.fromArray(init, [n], { requiresGrad: true });
      const opt = new Adam([p], {
        lr: o.lr,
        beta1: o.b1,
        beta2: o.b2,
        eps: o.eps,
        weightDecay: o.wd,
        decoupledWeightDecay: decoupled,
      });
      p.grad = Tensor.zeros([n]);
      for (const g of grads) {
        p.grad.data.set(g);
        opt.step();
      }
      const ref = referenceAdam(init, grads, o);
      const got = p.toArray();
      for (let i = 0; i < n; i++)
        assert.ok(Math.abs(got[i] - ref[i]) < 1e-5, `param ${i}: ${got[i]} vs ${ref[i]}`);
    });

  it("clips the global gradient norm as clip_grad_norm_", () => {
    const a = Tensor.zeros([3], { requiresGrad: true });
    const b = Tensor.zeros([2], { requiresGrad: true });
    a.grad = Tensor.fromArray([3, 0, 0]);
    b.grad = Tensor.fromArray([0, 4]);
    const norm = clipGradNorm([a, b], 1);
    assert.ok(Math.abs(norm - 5) < 1e-9);
    const s = 1 / (5 + 1e-6);
    assert.ok(Math.abs(a.grad.data[0] - 3 * s) < 1e-6);
    assert.ok(Math.abs(b.grad.data[1] - 4 * s) < 1e-6);
    // Below the threshold nothing changes.
    a.grad.data.set([0.1, 0, 0]);
    b.grad.data.set([0, 0]);
    clipGradNorm([a, b], 1);
    assert.ok(Math.abs(a.grad.data[0] - 0.1) < 1e-7);
  });

  it("cosine schedule follows CosineAnnealingLR", () => {
    const o = { baseLr: 3e-4, totalSteps: 100 };
    assert.equal(cosineLr(0, o), 3e-4);
    assert.ok(Math.abs(cosineLr(50, o) - 1.5e-4) < 1e-12);
    assert.ok(Math.abs(cosineLr(100, o)) < 1e-12);
    assert.ok(Math.abs(cosineLr(150, o)) < 1e-12);
    assert.ok(Math.abs(cosineLr(4, { ...o, warmupSteps: 10 }) - 1.5e-4) < 1e-12);
  });
});
