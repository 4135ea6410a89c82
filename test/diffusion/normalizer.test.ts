// Normalizer: per-column standardization with skipped columns; round trips through JSON files.
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { Normalizer } from "../../src/diffusion/normalizer.js";
import { loadNormalizer, saveNormalizer } from "../../src/diffusion/normalizerFile.js";
import { Rng } from "../../src/engine/rng.js";

/** 1000 rows: a wide column, a constant one and a 0/1 flag. */
function rows(): Float32Array {
  const rng = new Rng(3);
  const out = new Float32Array(3000);
  for (let i = 0; i < 1000; i++) out.set([100 + 25 * rng.gaussian(), 7, rng.uniform() < 0.2 ? 1 : 0], 3 * i);
  return out;
}

describe("Normalizer", () => {
  const data = rows();
  const norm = Normalizer.fit(data, 3, { skipColumns: [2] });

  it("standardizes each column (unbiased std + 1e-5); skipped columns stay as they are", () => {
    const z = norm.normalize(data);
    let mean = 0;
    let sq = 0;
    for (let i = 0; i < 1000; i++) mean += z[3 * i];
    mean /= 1000;
    for (let i = 0; i < 1000; i++) sq += (z[3 * i] - mean) ** 2;
    assert.ok(Math.abs(mean) < 1e-5);
    assert.ok(Math.abs(Math.sqrt(sq / 999) - 1) < 1e-5);
    // A constant column divides by eps only: it becomes exactly 0, not NaN.
    assert.equal(norm.std[1], Math.fround(1e-5));
    for (let i = 0; i < 1000; i++) assert.equal(z[3 * i + 1], 0);
    assert.equal(norm.mean[2], 0);
    assert.equal(norm.std[2], 1);
    for (let i = 0; i < 1000; i++) assert.equal(z[3 * i + 2], data[3 * i + 2]);
  });

  it("unnormalize inverts normalize", () => {
    const back = norm.unnormalize(norm.normalize(data));
    for (let i = 0; i < data.length; i++)
      assert.ok(Math.abs(back[i] - data[i]) <= 1e-6 * Math.max(1, Math.abs(data[i])), `value ${i}`);
    const cols = norm.normalizeColumns([100, 1], [0, 2]);
    assert.deepEqual([...cols], [Math.fround((100 - norm.mean[0]) / norm.std[0]), 1]);
  });

  it("saves and loads exactly", () => {
    const dir = mkdtempSync(join(tmpdir(), "atradiff-normalizer-"));
    try {
      const path = join(dir, "norm.json");
      saveNormalizer(path, norm);
      const loaded = loadNormalizer(path);
      assert.deepEqual(loaded.mean, norm.mean);
      assert.deepEqual(loaded.std, norm.std);
      assert.deepEqual(loaded.skipColumns, [2]);
      writeFileSync(path, "{broken");
      assert.throws(() => loadNormalizer(path), /is not valid JSON/);
      writeFileSync(path, JSON.stringify({ mean: [0], std: [0], skipColumns: [] }));
      assert.throws(() => loadNormalizer(path), /column 0 needs a finite mean and a positive finite std/);
      assert.throws(() => loadNormalizer(join(dir, "missing.json")), /cannot be read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("bad input fails with one sentence", () => {
    assert.throws(() => Normalizer.fit([1, 2, 3], 2), /3 values do not split into rows of 2 columns/);
    assert.throws(() => Normalizer.fit([1, 2], 2), /at least 2 rows, got 1/);
    assert.throws(() => Normalizer.fit([1, Number.NaN, 2, 3], 2), /Row 0, column 1 of the data is NaN/);
    assert.throws(() => Normalizer.fit([1, 2, 3, 4], 2, { skipColumns: [2] }), /in \[0, 1\], got 2/);
    assert.throws(() => norm.normalize([1, 2]), /do not split into rows of the normalizer's 3 columns/);
  });
});
