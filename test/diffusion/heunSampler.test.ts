// The Heun sampler with an exact denoiser: for data N(mu, s^2) per column, D(x; sigma) =
// mu + (x - mu) s^2 / (s^2 + sigma^2), so the sampler alone must reproduce mean and std; and the
// fixed coordinates of inpainting come out exactly.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseDiffusionSettings } from "../../src/diffusion/diffusionSettings.js";
import { heunSample } from "../../src/diffusion/heunSampler.js";
import { rngNoise } from "../../src/diffusion/noiseSource.js";
import type { DenoiseFn } from "../../src/diffusion/preconditionedDenoiser.js";
import { Rng } from "../../src/engine/rng.js";

const MU = [1.5, -0.5];
const STD = [0.5, 2];

/** The exact denoiser of independent Gaussian columns; counts its calls. */
function gaussianDenoiser(calls: { n: number }): DenoiseFn {
  return (x, sigma) => {
    calls.n++;
    const out = new Float64Array(x.length);
    for (let i = 0; i < x.length; i++) {
      const j = i % 2;
      const s2 = STD[j] * STD[j];
      out[i] = MU[j] + ((x[i] - MU[j]) * s2) / (s2 + sigma * sigma);
    }
    return out;
  };
}

function columnStats(x: Float64Array, dim: number, col: number): { mean: number; std: number } {
  const n = x.length / dim;
  let s = 0;
  for (let r = 0; r < n; r++) s += x[r * dim + col];
  const mean = s / n;
  let v = 0;
  for (let r = 0; r < n; r++) v += (x[r * dim + col] - mean) ** 2;
  return { mean, std: Math.sqrt(v / (n - 1)) };
}

describe("Heun sampler", () => {
  const edm = parseDiffusionSettings({}).edm;
  const rows = 4000;

  // Allowed range of sampled std / true std. Few steps over-disperse (measured with 20,000 rows and
  // this exact denoiser: with churn, +0.6-2% at 128 steps, +4-8% at 32, +11-26% at 16, +43-108% at
  // 8, for data std 2 down to 0.1; without churn +0.5-2% at 32, +4-11% at 16).
  for (const [steps, churn, lo, hi] of [
    [128, 80, 0.95, 1.06],
    [32, 80, 0.97, 1.13],
    [16, 80, 1.0, 1.35],
    [32, 0, 0.95, 1.06],
  ] as const) {
    it(`reproduces a Gaussian with ${steps} steps, S_churn ${churn}, in 2N - 1 denoiser calls`, () => {
      const calls = { n: 0 };
      const x = heunSample({
        denoise: gaussianDenoiser(calls),
        rows,
        dim: 2,
        edm: { ...edm, sChurn: churn },
        steps,
        noise: rngNoise(new Rng(steps + churn)),
      });
      assert.equal(calls.n, 2 * steps - 1);
      for (let j = 0; j < 2; j++) {
        const { mean, std } = columnStats(x, 2, j);
        // Standard errors: std / sqrt(n) for the mean, about std / sqrt(2n) for the std.
        const se = STD[j] / Math.sqrt(rows);
        assert.ok(Math.abs(mean - MU[j]) < 5 * se, `column ${j}: mean ${mean} vs ${MU[j]}`);
        const ratio = std / STD[j];
        assert.ok(ratio > lo && ratio < hi, `column ${j}: std ${std} vs ${STD[j]} (ratio ${ratio})`);
      }
    });
  }

  it("a deterministic run (no churn) is a fixed function of the initial noise", () => {
    const run = (seed: number) =>
      heunSample({
        denoise: gaussianDenoiser({ n: 0 }),
        rows: 3,
        dim: 2,
        edm: { ...edm, sChurn: 0 },
        steps: 16,
        noise: rngNoise(new Rng(seed)),
      });
    assert.deepEqual(run(1), run(1));
    assert.notDeepEqual(run(1), run(2));
  });

  for (const mode of ["noised", "clean", "end"] as const) {
    it(`inpainting (${mode}) ends with the fixed coordinates exactly at their values`, () => {
      const values = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i) * 3);
      const x = heunSample({
        denoise: gaussianDenoiser({ n: 0 }),
        rows: 50,
        dim: 2,
        edm,
        steps: 16,
        noise: rngNoise(new Rng(4)),
        fixed: { columns: [1], values, mode },
      });
      for (let r = 0; r < 50; r++) assert.equal(x[r * 2 + 1], values[r]);
      // The free column is still a sample of its own (independent) distribution.
      const { mean } = columnStats(x, 2, 0);
      assert.ok(Math.abs(mean - MU[0]) < 0.3, `free column mean ${mean}`);
    });
  }

  it("bad input fails with one sentence", () => {
    const base = { denoise: gaussianDenoiser({ n: 0 }), rows: 2, dim: 2, edm, noise: rngNoise(new Rng(0)) };
    assert.throws(() => heunSample({ ...base, steps: 0 }), /positive integer number of steps, got 0/);
    assert.throws(
      () => heunSample({ ...base, fixed: { columns: [2], values: [1, 2], mode: "noised" } }),
      /fixed column must be an integer in \[0, 1\], got 2/,
    );
    assert.throws(
      () => heunSample({ ...base, fixed: { columns: [0], values: [1], mode: "noised" } }),
      /need 2 values \(2 rows x 1 columns\), got 1/,
    );
  });
});
