// EDM's stochastic sampler (Karras et al. 2022, Algorithm 2), as SynthER uses it: N steps of Heun's
// 2nd-order method along the noise levels of noiseSchedule.ts, each step first raising the noise
// from sigma to sigma_hat = sigma (1 + gamma) with fresh noise of scale S_noise ("churn"); the last
// step (to sigma = 0) is a plain Euler step. Batched: every denoiser call handles all rows.
import type { EdmSettings } from "./diffusionSettings.js";
import { applyFixedCoordinates, checkFixedCoordinates, type FixedCoordinates } from "./inpainting.js";
import { churnGamma, karrasSigmas } from "./noiseSchedule.js";
import type { NoiseSource } from "./noiseSource.js";
import type { DenoiseFn } from "./preconditionedDenoiser.js";

export interface HeunSampleOptions {
  denoise: DenoiseFn;
  rows: number;
  dim: number;
  edm: EdmSettings;
  /** N; defaults to edm.sampleSteps. */
  steps?: number;
  noise: NoiseSource;
  /** Coordinates held at given values (see inpainting.ts). */
  fixed?: FixedCoordinates | null;
}

/** rows x dim samples in the denoiser's (normalized) space. */
export function heunSample(o: HeunSampleOptions): Float64Array {
  const { denoise, rows, dim, edm, noise } = o;
  const steps = o.steps ?? edm.sampleSteps;
  if (!Number.isInteger(rows) || rows < 1)
    throw new Error(`The sampler needs at least one row, got ${rows}.`);
  const fixed = o.fixed ?? null;
  if (fixed) checkFixedCoordinates(fixed, rows, dim);
  const fixedNoise = fixed?.mode === "noised" ? new Float64Array(rows * fixed.columns.length) : null;
  const sigmas = karrasSigmas(steps, edm);
  const n = rows * dim;
  const x = new Float64Array(n);
  noise.normal(x, { kind: "initial" });
  for (let i = 0; i < n; i++) x[i] *= sigmas[0];
  if (fixed && fixed.mode !== "end") {
    if (fixedNoise) noise.normal(fixedNoise, { kind: "inpaint", step: -1 });
    applyFixedCoordinates(x, dim, fixed, sigmas[0], fixedNoise);
  }
  const eps = new Float64Array(n);
  const xHat = new Float64Array(n);
  const slope = new Float64Array(n);
  for (let step = 0; step < steps; step++) {
    const sigma = sigmas[step];
    const sigmaNext = sigmas[step + 1];
    const gamma = churnGamma(sigma, steps, edm);
    const sigmaHat = sigma + gamma * sigma;
    if (gamma > 0) {
      noise.normal(eps, { kind: "churn", step });
      const scale = Math.sqrt(sigmaHat * sigmaHat - sigma * sigma) * edm.sNoise;
      for (let i = 0; i < n; i++) xHat[i] = x[i] + scale * eps[i];
    } else xHat.set(x);
    // Euler step from sigma_hat to sigma_next along dx/dsigma = (x - D(x; sigma)) / sigma.
    const denoised = denoise(xHat, sigmaHat);
    const h = sigmaNext - sigmaHat;
    for (let i = 0; i < n; i++) {
      slope[i] = (xHat[i] - denoised[i]) / sigmaHat;
      x[i] = xHat[i] + h * slope[i];
    }
    // Heun's correction, except into sigma = 0.
    if (sigmaNext !== 0) {
      const denoisedNext = denoise(x, sigmaNext);
      for (let i = 0; i < n; i++) {
        const slopeNext = (x[i] - denoisedNext[i]) / sigmaNext;
        x[i] = xHat[i] + 0.5 * h * (slope[i] + slopeNext);
      }
    }
    if (fixed && (fixed.mode !== "end" || sigmaNext === 0)) {
      const noisy = fixedNoise !== null && sigmaNext > 0;
      if (noisy) noise.normal(fixedNoise, { kind: "inpaint", step });
      applyFixedCoordinates(x, dim, fixed, sigmaNext, noisy ? fixedNoise : null);
    }
  }
  return x;
}
