// The sampler's noise levels (Karras et al. 2022, eq. 5) and churn (Algorithm 2):
//   sigma_i = (sigma_max^(1/rho) + i/(N-1) (sigma_min^(1/rho) - sigma_max^(1/rho)))^rho, i < N,
// then sigma_N = 0. Churn raises the noise to sigma (1 + gamma) before a step, with
// gamma = min(S_churn / N, sqrt(2) - 1) while S_tmin <= sigma <= S_tmax, else 0.
import type { EdmSettings } from "./diffusionSettings.js";

/** N + 1 noise levels, from sigma_max down to sigma_min, then 0. */
export function karrasSigmas(
  steps: number,
  s: Pick<EdmSettings, "sigmaMin" | "sigmaMax" | "rho">,
): Float64Array {
  if (!Number.isInteger(steps) || steps < 1)
    throw new Error(`The sampler needs a positive integer number of steps, got ${steps}.`);
  const out = new Float64Array(steps + 1);
  const hi = s.sigmaMax ** (1 / s.rho);
  const lo = s.sigmaMin ** (1 / s.rho);
  // One step goes straight from sigma_max to 0 (the formula divides by N - 1).
  for (let i = 0; i < steps; i++) out[i] = (hi + (steps === 1 ? 0 : i / (steps - 1)) * (lo - hi)) ** s.rho;
  out[steps] = 0;
  return out;
}

/** gamma_i of the churn at noise level sigma for an N-step sampler. */
export function churnGamma(
  sigma: number,
  steps: number,
  s: Pick<EdmSettings, "sChurn" | "sTmin" | "sTmax">,
): number {
  if (sigma < s.sTmin || sigma > s.sTmax) return 0;
  return Math.min(s.sChurn / steps, Math.SQRT2 - 1);
}
