// A saved trainer continues exactly as the original: same losses, weights, EMA, optimizer moments
// and samples, bit for bit. Bad checkpoints and settings fail with one sentence.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DiffusionTrainer } from "../../src/diffusion/diffusionTrainer.js";
import { Normalizer } from "../../src/diffusion/normalizer.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { loadCheckpoint, saveCheckpoint } from "../../src/nn/checkpoint.js";
import { drawRows, gaussianMixture } from "./toyData.js";

const SETTINGS = {
  denoiser: { dimT: 16, width: 32, depth: 2 },
  // A short EMA warm-up so that copying and averaging both happen within the run.
  training: { lr: 1e-3, totalSteps: 40, emaEvery: 2, emaStartStep: 4 },
};

function snapshot(t: DiffusionTrainer): Float32Array[] {
  return [...t.model.parameters(), ...t.emaModel.parameters(), ...t.optimizer.stateTensors().values()].map(
    (x) => x.toArray(),
  );
}

/** A trainer of 2-D rows (with `conditionDim` condition values), normalized to `data`. */
function mixtureTrainer(data: Float32Array, conditionDim: number): DiffusionTrainer {
  return new DiffusionTrainer({
    dataDim: 2,
    conditionDim,
    seed: 5,
    normalizer: Normalizer.fit(data, 2),
    settings: SETTINGS,
  });
}

describe("diffusion trainer checkpoints", () => {
  let dir: string;
  before(async () => {
    await initEngine({ threads: 1 });
    dir = mkdtempSync(join(tmpdir(), "atradiff-diffusion-"));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await closeEngine();
  });

  it("save, load, continue: identical to continuing without saving", () => {
    const data = gaussianMixture(1000, new Rng(1));
    const trainer = mixtureTrainer(data, 0);
    const batchRng = new Rng(2);
    const batch = new Float32Array(2 * 64);
    for (let s = 0; s < 15; s++) trainer.step(drawRows(data, 2, 64, batchRng, batch));
    const path = join(dir, "trainer.safetensors");
    saveCheckpoint(path, trainer.toCheckpoint());
    const resumeRng = Rng.fromState(batchRng.state);
    const continueFor = (t: DiffusionTrainer, rng: Rng) => {
      const losses: number[] = [];
      for (let s = 0; s < 10; s++) losses.push(t.step(drawRows(data, 2, 64, rng, batch)).loss);
      return losses;
    };
    const lossesA = continueFor(trainer, batchRng);
    const loaded = loadCheckpoint(path, DiffusionTrainer.fromCheckpoint);
    assert.equal(loaded.stepCount, 15);
    const lossesB = continueFor(loaded, resumeRng);
    assert.deepEqual(lossesB, lossesA);
    assert.equal(loaded.stepCount, 25);
    assert.equal(loaded.optimizer.stepCount, trainer.optimizer.stepCount);
    const a = snapshot(trainer);
    const b = snapshot(loaded);
    assert.equal(a.length, b.length);
    a.forEach((x, i) => assert.deepEqual(b[i], x));
    assert.deepEqual(loaded.normalizer?.toJson(), trainer.normalizer?.toJson());
    assert.deepEqual(
      loaded.sample(8, { rng: new Rng(3), steps: 8 }),
      trainer.sample(8, { rng: new Rng(3), steps: 8 }),
    );
    // Past its warm-up the EMA averages: it differs from the trained weights, but only a little.
    const w = trainer.model.parameters()[0].toArray();
    const e = trainer.emaModel.parameters()[0].toArray();
    assert.notDeepEqual(e, w);
    const gap = Math.max(...e.map((v, i) => Math.abs(v - w[i])));
    assert.ok(gap < 0.05, `largest EMA - weight gap ${gap}`);
    trainer.dispose();
    loaded.dispose();
  });

  it("a sampling-only file holds the EMA weights alone, samples identically, and can be fine-tuned", () => {
    const data = gaussianMixture(1000, new Rng(1));
    const trainer = mixtureTrainer(data, 1);
    const batch = new Float32Array(2 * 64);
    const condition = new Float32Array(64).fill(0.5);
    for (let s = 0; s < 15; s++) trainer.step(drawRows(data, 2, 64, new Rng(s), batch), condition);
    const full = join(dir, "full.safetensors");
    const sampling = join(dir, "sampling.safetensors");
    saveCheckpoint(full, trainer.toCheckpoint());
    saveCheckpoint(sampling, trainer.toCheckpoint({}, { samplingOnly: true }));
    // EMA only instead of weights + EMA + Adam's two moments.
    const ratio = statSync(sampling).size / statSync(full).size;
    assert.ok(ratio > 0.2 && ratio < 0.3, `size ratio ${ratio}`);
    const loaded = loadCheckpoint(sampling, DiffusionTrainer.fromCheckpoint);
    assert.equal(loaded.samplingWeightsOnly, true);
    assert.equal(loadCheckpoint(full, DiffusionTrainer.fromCheckpoint).samplingWeightsOnly, false);
    assert.equal(loaded.stepCount, 15);
    const draw = (t: DiffusionTrainer) =>
      t.sample(8, { rng: new Rng(3), steps: 8, condition: new Float32Array(8).fill(0.5) });
    assert.deepEqual(draw(loaded), draw(trainer));
    // Fine-tuning starts from the EMA weights with fresh moments.
    assert.deepEqual(loaded.model.parameters()[0].toArray(), trainer.emaModel.parameters()[0].toArray());
    assert.equal(loaded.optimizer.stepCount, 0);
    assert.ok(Number.isFinite(loaded.step(drawRows(data, 2, 64, new Rng(99), batch), condition).loss));
    trainer.dispose();
    loaded.dispose();
  });

  it("a file of another kind or a broken one fails with one sentence", () => {
    const notACheckpoint = join(dir, "other.safetensors");
    writeFileSync(notACheckpoint, "not a safetensors file at all");
    assert.throws(
      () => loadCheckpoint(notACheckpoint, DiffusionTrainer.fromCheckpoint),
      (e: Error) => !e.message.includes("\n"),
    );
    const trainer = new DiffusionTrainer({ dataDim: 2, seed: 1, settings: SETTINGS });
    const path = join(dir, "small.safetensors");
    saveCheckpoint(path, trainer.toCheckpoint({ format: "something-else" }));
    // The trainer's own format key wins over caller metadata.
    assert.equal(loadCheckpoint(path, DiffusionTrainer.fromCheckpoint).stepCount, 0);
    trainer.dispose();
  });

  it("invalid settings and data fail with one sentence naming the problem", () => {
    assert.throws(
      () => new DiffusionTrainer({ dataDim: 2, seed: 0, settings: { edm: { sigmaMin: -1 } } }),
      /diffusion: setting "edm.sigmaMin" must be positive, got -1/,
    );
    assert.throws(
      () => new DiffusionTrainer({ dataDim: 2, seed: 0, settings: { denoiser: { widht: 3 } } as never }),
      /unknown setting "denoiser\.widht"; valid settings: activation, .*width\./,
    );
    const t = new DiffusionTrainer({ dataDim: 2, seed: 0, settings: SETTINGS });
    assert.throws(() => t.step(new Float32Array(3)), /whole rows of 2 columns, got 3 values/);
    assert.throws(() => t.step(Float32Array.from([1, Number.NaN])), /loss at step 1 is NaN/);
    assert.throws(() => t.sample(0, { rng: new Rng(0) }), /positive integer, got 0/);
    t.dispose();
  });
});
