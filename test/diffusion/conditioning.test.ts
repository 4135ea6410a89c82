// Conditioning, as ATraDiff needs it: rows are two-step windows [s1, s2] of a deterministic system
// s2 = f(s1); the condition vector is s1. Sampling with the condition and s1's columns inpainted
// gives windows that start exactly at s1 and continue with f(s1).
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DiffusionTrainer } from "../../src/diffusion/diffusionTrainer.js";
import { Normalizer } from "../../src/diffusion/normalizer.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { continuationError, twoStepWindows } from "./toyData.js";

describe("conditioned sampling with the first state inpainted", () => {
  let trainer: DiffusionTrainer;
  const held = twoStepWindows(200, new Rng(42));

  before(async () => {
    await initEngine({ threads: 1 });
    const rng = new Rng(2);
    const data = twoStepWindows(20000, rng);
    trainer = new DiffusionTrainer({
      dataDim: 4,
      conditionDim: 2,
      seed: 4,
      normalizer: Normalizer.fit(data.rows, 4),
      conditionNormalizer: Normalizer.fit(data.starts, 2),
      settings: { denoiser: { dimT: 64, width: 64, depth: 2 }, training: { lr: 2e-3, totalSteps: 400 } },
    });
    const rows = new Float32Array(4 * 256);
    const cond = new Float32Array(2 * 256);
    for (let s = 0; s < 400; s++) {
      for (let i = 0; i < 256; i++) {
        const r = rng.int(20000);
        rows.set(data.rows.subarray(4 * r, 4 * r + 4), 4 * i);
        cond.set(data.starts.subarray(2 * r, 2 * r + 2), 2 * i);
      }
      trainer.step(rows, cond);
    }
  });
  after(async () => {
    trainer.dispose();
    await closeEngine();
  });

  for (const mode of ["noised", "end"] as const) {
    it(`condition + inpainting (${mode}): windows start exactly at s1 and follow f`, () => {
      const g = trainer.sample(200, {
        rng: new Rng(8),
        steps: 32,
        condition: held.starts,
        fixed: { columns: [0, 1], values: held.starts, mode },
      });
      for (let i = 0; i < 200; i++) {
        assert.equal(g[4 * i], held.starts[2 * i]);
        assert.equal(g[4 * i + 1], held.starts[2 * i + 1]);
      }
      const err = continuationError(g);
      console.log(`${mode}: mean |s2 - f(s1)| = ${err.toFixed(4)} (s2 spreads over about 3)`);
      assert.ok(err < 0.25, `mean continuation error ${err}`);
    });
  }

  it("the condition alone puts s1 near, not exactly at, the given state", () => {
    const g = trainer.sample(200, { rng: new Rng(8), steps: 32, condition: held.starts });
    let dist = 0;
    let exact = 0;
    for (let i = 0; i < 200; i++) {
      dist += Math.hypot(g[4 * i] - held.starts[2 * i], g[4 * i + 1] - held.starts[2 * i + 1]);
      if (g[4 * i] === held.starts[2 * i]) exact++;
    }
    console.log(`condition only: mean |s1 - given| = ${(dist / 200).toFixed(4)}`);
    assert.ok(dist / 200 < 0.2, `mean distance ${dist / 200}`);
    assert.ok(exact < 5);
    assert.ok(continuationError(g) < 0.25);
  });

  it("a missing or misshapen condition fails with one sentence", () => {
    assert.throws(() => trainer.sample(3, { rng: new Rng(0) }), /conditioned: sampling needs 3 conditions/);
    assert.throws(
      () => trainer.sample(3, { rng: new Rng(0), condition: [1, 2] }),
      /3 rows of 2 columns need 6 values, got 2/,
    );
    assert.throws(
      () => trainer.step(new Float32Array(8)),
      /conditioned: each training row needs a condition/,
    );
  });
});
