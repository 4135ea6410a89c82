// Modules, initializers, averaging and checkpoints.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Rng } from "../../src/engine/rng.js";
import { closeEngine, initEngine } from "../../src/engine/runtime.js";
import { Tensor, tidy } from "../../src/engine/tensor.js";
import { Ema, polyakUpdate } from "../../src/nn/averaging.js";
import { loadModule, saveModule } from "../../src/nn/checkpoint.js";
import { RandomFourierEmbedding } from "../../src/nn/fourierEmbedding.js";
import { Linear } from "../../src/nn/linear.js";
import { MLP } from "../../src/nn/mlp.js";
import { ResidualMLP } from "../../src/nn/residualMlp.js";
import { decodeSafetensors } from "../../src/nn/safetensors.js";
import { readSafetensors } from "../../src/nn/safetensorsFile.js";

const fixture = (name: string) => join(process.cwd(), "test/fixtures/nn", name);

describe("nn modules", () => {
  before(async () => {
    await initEngine();
  });
  after(async () => {
    await closeEngine();
  });

  it("Linear initializers have the documented ranges and spreads", () => {
    const rng = new Rng(1);
    const torch = new Linear({ inFeatures: 400, outFeatures: 300 }, rng);
    const bound = 1 / Math.sqrt(400);
    const w = torch.weight.data;
    assert.ok(w.every((v) => Math.abs(v) <= bound));
    assert.ok(Math.max(...w) > 0.95 * bound);
    const xavier = new Linear({ inFeatures: 400, outFeatures: 300, init: "xavier" }, rng);
    assert.ok(xavier.weight.data.every((v) => Math.abs(v) <= Math.sqrt(6 / 700)));
    assert.ok(xavier.bias!.data.every((v) => v === 0));
    const he = new Linear({ inFeatures: 400, outFeatures: 300, init: "he" }, rng);
    const hw = he.weight.data;
    const variance = hw.reduce((s, v) => s + v * v, 0) / hw.length;
    assert.ok(Math.abs(variance - 2 / 400) < 0.05 * (2 / 400), `He variance ${variance}`);
    const ens = new Linear({ inFeatures: 8, outFeatures: 4, ensemble: 3 }, rng);
    assert.deepEqual(ens.weight.shape, [3, 4, 8]);
    const d = ens.weight.data;
    assert.notDeepEqual(d.slice(0, 32), d.slice(32, 64), "ensemble members are initialized independently");
  });

  it("an ensemble MLP equals its members run one by one", () => {
    const rng = new Rng(2);
    const ens = new MLP({ sizes: [5, 16, 1], ensemble: 3, layerNorm: true }, rng);
    const single = new MLP({ sizes: [5, 16, 1], layerNorm: true }, rng);
    const x = Tensor.randn([7, 5], rng);
    const out = tidy(() => ens.forward(x).toArray());
    for (let e = 0; e < 3; e++) {
      // Copy member e's parameters into the single network.
      const ep = ens.namedParameters();
      single.namedParameters().forEach(([name, t], i) => {
        assert.equal(name, ep[i][0]);
        t.data.set(ep[i][1].data.subarray(e * t.size, (e + 1) * t.size));
      });
      const ref = tidy(() => single.forward(x).toArray());
      for (let i = 0; i < 7; i++) assert.ok(Math.abs(out[e * 7 + i] - ref[i]) < 1e-5);
    }
  });

  it("the Fourier time embedding computes [t, sin(2 pi t w), cos(2 pi t w)]", () => {
    const emb = new RandomFourierEmbedding(32, new Rng(3));
    const t = [0.3, -1.2];
    const f = tidy(() => emb.features(t).toArray());
    const w = emb.frequencies.data;
    assert.equal(f.length, 2 * 17);
    assert.ok(Math.abs(f[17] - -1.2) < 1e-6);
    assert.ok(Math.abs(f[1 + 2] - Math.sin(2 * Math.PI * 0.3 * w[2])) < 1e-6);
    assert.ok(Math.abs(f[17 + 1 + 8 + 5] - Math.cos(2 * Math.PI * -1.2 * w[5])) < 1e-6);
    const out = tidy(() => emb.forward(t).shape);
    assert.deepEqual(out, [2, 32]);
  });

  it("polyak and EMA averages follow their formulas", () => {
    const rng = new Rng(4);
    const a = new MLP({ sizes: [3, 4, 1] }, rng);
    const b = new MLP({ sizes: [3, 4, 1] }, rng);
    const a0 = a.parameters()[0].toArray();
    const b0 = b.parameters()[0].toArray();
    polyakUpdate(a, b, 0.25);
    const a1 = a.parameters()[0].toArray();
    for (let i = 0; i < a0.length; i++) assert.ok(Math.abs(a1[i] - (0.75 * a0[i] + 0.25 * b0[i])) < 1e-6);
    const ema = new Ema(b, 0.9, 2);
    const before = b.parameters()[0].toArray();
    b.parameters()[0].data.fill(1);
    ema.step(); // not yet (every 2)
    const target = new MLP({ sizes: [3, 4, 1] }, rng);
    ema.copyTo(target);
    assert.deepEqual(target.parameters()[0].toArray(), before);
    ema.step();
    ema.copyTo(target);
    const got = target.parameters()[0].toArray();
    for (let i = 0; i < got.length; i++) assert.ok(Math.abs(got[i] - (0.9 * before[i] + 0.1)) < 1e-6);
  });

  it("safetensors checkpoints round-trip and carry metadata", () => {
    const dir = mkdtempSync(join(tmpdir(), "atradiff-ckpt-"));
    const rng = new Rng(5);
    const m = new ResidualMLP({ inFeatures: 6, outFeatures: 6, width: 8, depth: 2 }, rng);
    const path = join(dir, "model.safetensors");
    saveModule(path, m, { config: JSON.stringify({ width: 8 }) });
    const m2 = new ResidualMLP({ inFeatures: 6, outFeatures: 6, width: 8, depth: 2 }, new Rng(6));
    const meta = loadModule(path, m2);
    assert.equal(JSON.parse(meta.config).width, 8);
    for (const [name, t] of m.stateDict())
      assert.deepEqual(m2.stateDict().get(name)!.toArray(), t.toArray(), name);
    // Header layout: 8-byte length, JSON padded to 8 bytes.
    const bytes = readFileSync(path);
    const headerLen = Number(bytes.readBigUInt64LE(0));
    assert.equal(headerLen % 8, 0);
    assert.ok(JSON.parse(bytes.subarray(8, 8 + headerLen).toString()).__metadata__);
  });

  it("loading names a missing or mis-shaped tensor and leaves the model unchanged", () => {
    const dir = mkdtempSync(join(tmpdir(), "atradiff-ckpt-"));
    const path = join(dir, "small.safetensors");
    saveModule(path, new MLP({ sizes: [3, 4, 2] }, new Rng(1)));
    const wrong = new MLP({ sizes: [3, 5, 2] }, new Rng(2));
    const before = wrong.parameters()[0].toArray();
    assert.throws(
      () => loadModule(path, wrong),
      /holds tensor "layers.0.weight" with shape \[4, 3\], but the model expects \[5, 3\]/,
    );
    assert.deepEqual(wrong.parameters()[0].toArray(), before);
    const deeper = new MLP({ sizes: [3, 4, 4, 2] }, new Rng(2));
    assert.throws(
      () => loadModule(path, deeper),
      /has no tensor "layers.2.weight"|holds tensor "layers.1.weight"/,
    );
    const truncated = join(dir, "truncated.safetensors");
    writeFileSync(truncated, readFileSync(path).subarray(0, 100));
    assert.throws(
      () => loadModule(truncated, new MLP({ sizes: [3, 4, 2] }, new Rng(1))),
      /not a valid safetensors file/,
    );
    assert.throws(() => loadModule(join(dir, "nope.safetensors"), wrong), /cannot be read/);
  });

  it("reads a safetensors file written by an independent Python writer", () => {
    // test/fixtures/nn/python-written.safetensors: made by scripts/fixtures/make_safetensors_fixture.py
    const { tensors, metadata } = readSafetensors(fixture("python-written.safetensors"));
    assert.equal(metadata.format, "pt");
    const w = tensors.get("layer.weight")!;
    assert.deepEqual(w.shape, [2, 3]);
    assert.deepEqual(Array.from(w.data), [0, 0.5, 1, 1.5, 2, 2.5]);
    const b = tensors.get("layer.bias")!;
    assert.deepEqual(Array.from(b.data), [-1, 1]);
    assert.throws(() => decodeSafetensors(new Uint8Array([1, 2, 3])), /shorter than the 8-byte header/);
  });
});
