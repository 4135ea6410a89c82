// The denoiser architecture and the residual blocks' LayerNorm are part of a checkpoint: a temporal
// denoiser comes back as itself with its token width and samples the same bits; a checkpoint
// written before blockLayerNorm existed (its blocks had a LayerNorm) still loads as it was trained.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { parseGeneratorSettings } from "../../src/atradiff/generator/generatorSettings.js";
import { DenoiserNetwork } from "../../src/diffusion/denoiserNetwork.js";
import { parseDiffusionSettings } from "../../src/diffusion/diffusionSettings.js";
import { DiffusionTrainer } from "../../src/diffusion/diffusionTrainer.js";
import { TemporalDenoiser } from "../../src/diffusion/temporalDenoiser.js";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { loadCheckpoint, saveCheckpoint } from "../../src/nn/checkpoint.js";
import { readSafetensors, writeSafetensors } from "../../src/nn/safetensorsFile.js";

const ROWS = Float32Array.from({ length: 8 * 7 }, (_, i) => Math.sin(i));

function sampleOf(t: DiffusionTrainer): Float32Array {
  return t.sample(3, { rng: new Rng(1), steps: 4 });
}

describe("denoiser architectures in checkpoints", () => {
  let dir: string;
  before(async () => {
    await initEngine({ threads: 1 });
    dir = mkdtempSync(join(tmpdir(), "atradiff-arch-"));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await closeEngine();
  });

  it("a temporal denoiser saved and loaded is the same network and samples the same bits", () => {
    const trainer = new DiffusionTrainer({
      dataDim: 7,
      tokenWidth: 3,
      seed: 2,
      settings: {
        denoiser: { architecture: "temporal", temporal: { width: 8, depth: 2, mixing: "mixer" } },
        training: { emaStartStep: 0 },
      },
    });
    for (let i = 0; i < 3; i++) trainer.step(ROWS);
    const path = join(dir, "temporal.safetensors");
    saveCheckpoint(path, trainer.toCheckpoint());
    const loaded = loadCheckpoint(path, DiffusionTrainer.fromCheckpoint);
    assert.ok(loaded.model instanceof TemporalDenoiser);
    assert.equal(loaded.tokenWidth, 3);
    assert.deepEqual(sampleOf(loaded), sampleOf(trainer));
    trainer.dispose();
    loaded.dispose();
  });

  it("the temporal denoiser needs a token width: a model of plain rows fails with one sentence", () => {
    assert.throws(
      () =>
        new DiffusionTrainer({ dataDim: 7, seed: 2, settings: { denoiser: { architecture: "temporal" } } }),
      /The temporal denoiser reads a row as tokens, but this model's rows have no token width/,
    );
  });

  it("blockLayerNorm off leaves the residual blocks without a LayerNorm (SynthER's published blocks)", () => {
    const off = new DiffusionTrainer({
      dataDim: 7,
      seed: 2,
      settings: { denoiser: { dimT: 8, width: 8, depth: 2, blockLayerNorm: false } },
    });
    const on = new DiffusionTrainer({
      dataDim: 7,
      seed: 2,
      settings: { denoiser: { dimT: 8, width: 8, depth: 2, blockLayerNorm: true } },
    });
    assert.ok(off.model instanceof DenoiserNetwork && on.model instanceof DenoiserNetwork);
    assert.equal(off.model.body.blocks[0].norm, null);
    assert.equal(on.model.parameterCount - off.model.parameterCount, 2 * 2 * 8);
    off.dispose();
    on.dispose();
  });

  it("a checkpoint from before blockLayerNorm existed loads with the blocks' LayerNorm it was trained with", () => {
    const trainer = new DiffusionTrainer({
      dataDim: 7,
      seed: 2,
      settings: { denoiser: { dimT: 8, width: 8, depth: 2, blockLayerNorm: true } },
    });
    trainer.step(ROWS);
    const path = join(dir, "old.safetensors");
    saveCheckpoint(path, trainer.toCheckpoint());
    // Rewrite it as the older version wrote it: no blockLayerNorm, temporal or architecture setting,
    // no token width.
    const { tensors, metadata } = readSafetensors(path);
    const settings = JSON.parse(metadata.settings);
    const { blockLayerNorm, temporal, architecture, ...olderDenoiser } = settings.denoiser;
    assert.deepEqual([blockLayerNorm, architecture], [true, "residualMlp"]);
    assert.ok(temporal);
    const { tokenWidth, ...olderMetadata } = metadata;
    assert.equal(tokenWidth, "null");
    writeSafetensors(path, tensors, {
      ...olderMetadata,
      settings: JSON.stringify({ ...settings, denoiser: olderDenoiser }),
    });
    const loaded = loadCheckpoint(path, DiffusionTrainer.fromCheckpoint);
    assert.equal(loaded.settings.denoiser.blockLayerNorm, true);
    assert.deepEqual(sampleOf(loaded), sampleOf(trainer));
    trainer.dispose();
    loaded.dispose();
  });

  it("plain rows (SynthER) default to the residual MLP, trajectory windows to the temporal denoiser", () => {
    const d = parseDiffusionSettings({}).denoiser;
    assert.equal(d.architecture, "residualMlp");
    assert.equal(parseGeneratorSettings({}).diffusion.denoiser.architecture, "temporal");
    assert.equal(
      parseGeneratorSettings({ diffusion: { denoiser: {} } }).diffusion.denoiser.architecture,
      "temporal",
    );
    assert.equal(d.blockLayerNorm, true);
    assert.deepEqual(d.temporal, {
      width: 128,
      depth: 4,
      mixing: "conv",
      kernelSize: 3,
      tokenMixingWidth: 64,
      layerNorm: true,
    });
    assert.throws(
      () => parseDiffusionSettings({ denoiser: { temporal: { kernelSize: 4 } } }),
      /kernelSize.*must be odd/,
    );
  });
});
