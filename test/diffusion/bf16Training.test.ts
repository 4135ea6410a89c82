// diffusion.training.matmulPrecision: fp32 by default; "bf16" trains the denoiser with bf16
// matrix products where the engine has them (same seed, same bits; close to, not equal to, the
// fp32 training) and exactly as fp32 on an engine without them. A
// value other than fp32 and bf16 fails with one sentence.
import assert from "node:assert/strict";
import { after, describe, it } from "node:test";
import { parseDiffusionSettings } from "../../src/diffusion/diffusionSettings.js";
import { DiffusionTrainer } from "../../src/diffusion/diffusionTrainer.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";

const DATA_DIM = 24;
const CONDITION_DIM = 5;
const BATCH = 64;

/** Losses of 4 steps on fixed random rows, the weights after them, and 4 samples. */
function train(matmulPrecision: "fp32" | "bf16"): {
  losses: number[];
  weights: Float32Array[];
  samples: Float32Array;
} {
  const trainer = new DiffusionTrainer({
    dataDim: DATA_DIM,
    conditionDim: CONDITION_DIM,
    seed: 11,
    settings: {
      denoiser: { dimT: 16, width: 64, depth: 2 },
      training: { lr: 1e-3, batchSize: BATCH, emaStartStep: 0, emaEvery: 1, matmulPrecision },
      edm: { sampleSteps: 4 },
    },
  });
  try {
    const rng = new Rng(2);
    const rows = rng.fillGaussian(new Float32Array(BATCH * DATA_DIM)) as Float32Array;
    const conditions = rng.fillGaussian(new Float32Array(BATCH * CONDITION_DIM)) as Float32Array;
    const losses = Array.from({ length: 4 }, () => trainer.step(rows, conditions).loss);
    const weights = trainer.model.parameters().map((p) => p.toArray());
    const samples = trainer.sample(4, {
      rng: new Rng(5),
      condition: conditions.subarray(0, 4 * CONDITION_DIM),
    });
    return { losses, weights, samples };
  } finally {
    trainer.dispose();
  }
}

describe("diffusion.training.matmulPrecision", () => {
  after(async () => {
    await closeEngine();
  });

  it("defaults to fp32, takes bf16, and refuses anything else in one sentence", () => {
    assert.equal(parseDiffusionSettings({}).training.matmulPrecision, "fp32");
    assert.equal(
      parseDiffusionSettings({ training: { matmulPrecision: "bf16" } }).training.matmulPrecision,
      "bf16",
    );
    assert.throws(
      () => parseDiffusionSettings({ training: { matmulPrecision: "fp16" } }),
      /^Error: diffusion: setting "training\.matmulPrecision" must be one of fp32, bf16, got "fp16"\.$/,
    );
  });

  for (const backend of ["native", "wasm"] as const) {
    it(`on the ${backend} backend: bf16 training repeats bit for bit, and is bf16 only where the engine has a bf16 GEMM`, async (t) => {
      await closeEngine();
      const engine = await initEngine({ threads: 1, backend }).catch(() => null);
      if (!engine) return t.skip(`no ${backend} engine here`);
      const fp32 = train("fp32");
      const bf16 = train("bf16");
      assert.deepEqual(train("bf16"), bf16, "same seed, same bits");
      if (!engine.bf16Matmul) {
        assert.deepEqual(bf16, fp32, "without a bf16 GEMM the training is fp32's");
        return;
      }
      assert.notDeepEqual(bf16.losses, fp32.losses);
      for (let i = 0; i < fp32.losses.length; i++)
        assert.ok(
          Math.abs(bf16.losses[i] - fp32.losses[i]) < 0.02 * fp32.losses[i],
          `step ${i + 1}: bf16 loss ${bf16.losses[i]}, fp32 ${fp32.losses[i]}`,
        );
    });
  }
});
