// A small diffuser learns a mixture of 4 Gaussians in 2-D in 400 steps; its samples pass a per-mode
// chi-square test and are much closer (MMD) to held-out real points than a wrong distribution is.
// Fewer sampler steps (32, 16) still give reasonable samples; the MMDs are printed.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import { DiffusionTrainer } from "../../src/diffusion/diffusionTrainer.js";
import { Normalizer } from "../../src/diffusion/normalizer.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { chiSquareUniform, drawRows, gaussianMixture, mmd2, modeCounts } from "./toyData.js";

const BANDWIDTH = 0.5;
/** Chi-square with 3 degrees of freedom at p = 0.001. */
const CHI2_3_P001 = 16.27;

describe("a diffuser learns a 2-D mixture of Gaussians", () => {
  let trainer: DiffusionTrainer;
  let held: Float32Array;
  let wrongMmd: number;

  before(async () => {
    // One thread: the matrices are small and the cores are shared.
    await initEngine({ threads: 1 });
    const rng = new Rng(1);
    const data = gaussianMixture(20000, rng);
    trainer = new DiffusionTrainer({
      dataDim: 2,
      seed: 3,
      normalizer: Normalizer.fit(data, 2),
      settings: { denoiser: { dimT: 64, width: 64, depth: 2 }, training: { lr: 2e-3, totalSteps: 400 } },
    });
    const batch = new Float32Array(2 * 256);
    for (let s = 0; s < 400; s++) trainer.step(drawRows(data, 2, 256, rng, batch));
    held = gaussianMixture(500, new Rng(99));
    // The wrong distribution: the same modes, twice as wide.
    wrongMmd = mmd2(gaussianMixture(500, new Rng(7), 0.6), held, 2, BANDWIDTH);
  });
  after(async () => {
    trainer.dispose();
    await closeEngine();
  });

  it("128 steps: balanced modes, tight clusters, MMD far below the wrong distribution's", () => {
    const g = trainer.sample(500, { rng: new Rng(11) });
    const { counts, far } = modeCounts(g);
    assert.ok(chiSquareUniform(counts) < CHI2_3_P001, `mode counts ${counts}`);
    // Real data has 1.1% of points beyond 3 std (2-D); allow some model error.
    assert.ok(far < 40, `${far} of 500 samples lie beyond 3 std of every mode`);
    const m = mmd2(g, held, 2, BANDWIDTH);
    const realMmd = mmd2(gaussianMixture(500, new Rng(5)), held, 2, BANDWIDTH);
    console.log(
      `MMD^2: samples ${m.toFixed(5)}, other real points ${realMmd.toFixed(5)}, wrong ${wrongMmd.toFixed(5)}`,
    );
    assert.ok(m < wrongMmd / 4, `MMD^2 ${m} vs wrong distribution ${wrongMmd}`);
  });

  for (const [steps, factor] of [
    [32, 4],
    [16, 2],
  ] as const) {
    it(`${steps} steps still give reasonable samples`, () => {
      const g = trainer.sample(500, { rng: new Rng(11), steps });
      const m = mmd2(g, held, 2, BANDWIDTH);
      console.log(`${steps} steps: MMD^2 ${m.toFixed(5)} (wrong distribution ${wrongMmd.toFixed(5)})`);
      assert.ok(chiSquareUniform(modeCounts(g).counts) < CHI2_3_P001);
      assert.ok(m < wrongMmd / factor, `MMD^2 ${m} vs wrong distribution ${wrongMmd}`);
    });
  }

  it("the same rng gives the same samples; another rng others", () => {
    const a = trainer.sample(20, { rng: new Rng(5), steps: 16 });
    assert.deepEqual(a, trainer.sample(20, { rng: new Rng(5), steps: 16 }));
    assert.notDeepEqual(a, trainer.sample(20, { rng: new Rng(6), steps: 16 }));
  });
});
