// Given columns (edmLoss.ts): columns a row always knows exactly, such as a trajectory window's
// first state. They enter the denoiser clean in training and sampling, are left out of the loss, and
// sampled rows hold them exactly. The toy is the two-step system s2 = f(s1) of toyData.ts.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { DenoiserNetwork } from "../../src/diffusion/denoiserNetwork.js";
import { parseDiffusionSettings } from "../../src/diffusion/diffusionSettings.js";
import { DiffusionTrainer } from "../../src/diffusion/diffusionTrainer.js";
import { drawTrainingNoise, edmLoss, givenColumnMask } from "../../src/diffusion/edmLoss.js";
import { cIn, cNoise, cOut, cSkip } from "../../src/diffusion/edmPreconditioning.js";
import { Normalizer } from "../../src/diffusion/normalizer.js";
import { preconditionedDenoiser } from "../../src/diffusion/preconditionedDenoiser.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { noGrad, Tensor, tidy } from "../../src/engine/tensor.js";
import { loadCheckpoint, saveCheckpoint } from "../../src/nn/checkpoint.js";
import { continuationError, twoStepWindows } from "./toyData.js";

const STEPS = 400;

function trained(data: ReturnType<typeof twoStepWindows>, givenColumns: number[] | null): DiffusionTrainer {
  const trainer = new DiffusionTrainer({
    dataDim: 4,
    conditionDim: 2,
    seed: 4,
    givenColumns,
    normalizer: Normalizer.fit(data.rows, 4),
    conditionNormalizer: Normalizer.fit(data.starts, 2),
    settings: { denoiser: { dimT: 64, width: 64, depth: 2 }, training: { lr: 2e-3, totalSteps: STEPS } },
  });
  const rng = new Rng(2);
  const rows = new Float32Array(4 * 256);
  const cond = new Float32Array(2 * 256);
  for (let s = 0; s < STEPS; s++) {
    for (let i = 0; i < 256; i++) {
      const r = rng.int(data.starts.length / 2);
      rows.set(data.rows.subarray(4 * r, 4 * r + 4), 4 * i);
      cond.set(data.starts.subarray(2 * r, 2 * r + 2), 2 * i);
    }
    trainer.step(rows, cond);
  }
  return trainer;
}

describe("given columns: a row's known part trained clean and held exactly", () => {
  const held = twoStepWindows(200, new Rng(42));
  let given: DiffusionTrainer;
  let inpainted: DiffusionTrainer;

  before(async () => {
    await initEngine({ threads: 1 });
    const data = twoStepWindows(20000, new Rng(2));
    given = trained(data, [0, 1]);
    inpainted = trained(data, null);
  });
  after(async () => {
    given?.dispose();
    inpainted?.dispose();
    await closeEngine();
  });

  it("the loss feeds given columns clean (their noise draws change nothing) and averages over the rest", () => {
    const settings = parseDiffusionSettings({ denoiser: { dimT: 8, width: 8, depth: 1 } });
    const net = new DenoiserNetwork({ dataDim: 5, conditionDim: 0 }, settings.denoiser, new Rng(1));
    const rows = 3;
    const clean = Float32Array.from({ length: 15 }, (_, i) => Math.sin(i + 1));
    const draws = drawTrainingNoise(rows, 5, settings.edm, new Rng(5));
    const mask = givenColumnMask(5, [0, 3])!;
    const loss = (d: typeof draws) => tidy(() => noGrad(() => edmLoss(net, clean, null, d, 1, mask).item()));
    const redrawn = { sigmas: draws.sigmas, noise: Float64Array.from(draws.noise) };
    for (let r = 0; r < rows; r++) for (const j of [0, 3]) redrawn.noise[r * 5 + j] += 7;
    assert.equal(loss(redrawn), loss(draws));

    // By hand: given columns in at sigma 0, the others as EDM's effective target, mean over 3 x 3.
    const input = new Float32Array(15);
    const noiseLevel = new Float64Array(rows);
    for (let r = 0; r < rows; r++) {
      const s = draws.sigmas[r];
      noiseLevel[r] = cNoise(s);
      for (let j = 0; j < 5; j++) {
        const x = clean[r * 5 + j];
        input[r * 5 + j] = mask[j] ? cIn(0, 1) * x : cIn(s, 1) * (x + s * draws.noise[r * 5 + j]);
      }
    }
    const f = tidy(() => noGrad(() => net.forward(Tensor.fromArray(input, [rows, 5]), noiseLevel).toArray()));
    let sum = 0;
    for (let r = 0; r < rows; r++) {
      const s = draws.sigmas[r];
      for (let j = 0; j < 5; j++) {
        if (mask[j]) continue;
        const x = clean[r * 5 + j];
        const y = x + s * draws.noise[r * 5 + j];
        sum += (f[r * 5 + j] - (x - cSkip(s, 1) * y) / cOut(s, 1)) ** 2;
      }
    }
    const byHand = sum / (rows * 3);
    assert.ok(Math.abs(loss(draws) - byHand) < 1e-6 * byHand, `${loss(draws)} vs ${byHand}`);
    net.dispose();
  });

  it("the denoiser returns the given values there and ignores what the sampler holds in their place", () => {
    const values = [0.3, -0.2];
    const denoise = preconditionedDenoiser(given.emaModel, 1, 1, [0.1, 0.2], { columns: [0, 1], values });
    const a = denoise(Float64Array.from([5, 5, 0.4, 0.1]), 2.0);
    const b = denoise(Float64Array.from([-9, 3, 0.4, 0.1]), 2.0);
    assert.deepEqual([a[0], a[1]], values);
    assert.deepEqual(Array.from(a), Array.from(b));
  });

  it("sampled windows start exactly at the given state and follow f at least as well as inpainting's", () => {
    const sample = (t: DiffusionTrainer) =>
      t.sample(200, {
        rng: new Rng(8),
        steps: 32,
        condition: held.starts,
        fixed: { columns: [0, 1], values: held.starts, mode: "noised" },
      });
    const g = sample(given);
    for (let i = 0; i < 200; i++) {
      assert.equal(g[4 * i], held.starts[2 * i]);
      assert.equal(g[4 * i + 1], held.starts[2 * i + 1]);
    }
    const errGiven = continuationError(g);
    const errInpainted = continuationError(sample(inpainted));
    console.log(`mean |s2 - f(s1)|: given ${errGiven.toFixed(4)}, inpainted ${errInpainted.toFixed(4)}`);
    assert.ok(errGiven < 0.25, `continuation error ${errGiven}`);
    assert.ok(errGiven <= errInpainted * 1.1, `given ${errGiven} vs inpainted ${errInpainted}`);
  });

  it("sampling must give the given columns' values, in one sentence", () => {
    assert.throws(
      () => given.sample(2, { rng: new Rng(0), condition: [0, 0, 0, 0] }),
      /trained with columns 0, 1 given exactly: sampling must give their values/,
    );
    assert.throws(
      () =>
        given.sample(2, {
          rng: new Rng(0),
          condition: [0, 0, 0, 0],
          fixed: { columns: [1, 0], values: [0, 0, 0, 0] },
        }),
      /given exactly/,
    );
    assert.throws(
      () => givenColumnMask(2, [0, 1]),
      /At least one column of a row must be left to the denoiser/,
    );
    assert.throws(() => givenColumnMask(2, [2]), /A given column must be an integer in \[0, 1\], got 2/);
  });

  it("a checkpoint keeps the given columns; one written before them has none", () => {
    const dir = mkdtempSync(join(tmpdir(), "atradiff-given-"));
    try {
      const path = join(dir, "d.safetensors");
      saveCheckpoint(path, given.toCheckpoint());
      const loaded = loadCheckpoint(path, DiffusionTrainer.fromCheckpoint);
      assert.deepEqual(loaded.givenColumns, [0, 1]);
      const opts = () => ({
        rng: new Rng(3),
        steps: 8,
        condition: held.starts.subarray(0, 8),
        fixed: { columns: [0, 1], values: held.starts.subarray(0, 8) },
      });
      assert.deepEqual(loaded.sample(4, opts()), given.sample(4, opts()));
      loaded.dispose();
      const old = inpainted.toCheckpoint();
      delete old.metadata.givenColumns;
      saveCheckpoint(path, old);
      const oldLoaded = loadCheckpoint(path, DiffusionTrainer.fromCheckpoint);
      assert.deepEqual(oldLoaded.givenColumns, []);
      oldLoaded.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
