// Central finite-difference gradient checking for engine ops (test helper, not a test file).
import assert from "node:assert/strict";
import { Rng } from "../../src/engine/rng.js";
import { Tensor, tidy } from "../../src/engine/tensor.js";

export interface GradCheckOptions {
  step?: number;
  /** Allowed |analytic - numeric| / max(1, |numeric|) per element. */
  tol?: number;
}

/**
 * Checks d/dx of L = sum_i w_i f(x)_i for every input element against central differences,
 * with random weights w (so every output element matters). f must be deterministic.
 */
export function gradCheck(
  name: string,
  inputs: Tensor[],
  f: (xs: Tensor[]) => Tensor | Tensor[],
  opts: GradCheckOptions = {},
): void {
  const h = opts.step ?? 1e-2;
  const tol = opts.tol ?? 2e-2;
  const rng = new Rng(1234);
  const outsOf = (r: Tensor | Tensor[]) => (Array.isArray(r) ? r : [r]);
  // Weights per output, fixed for the whole check.
  const weights = tidy(() =>
    outsOf(f(inputs)).map((o) => Float64Array.from(o.toArray(), () => rng.gaussian())),
  );
  const lossValue = (): number =>
    tidy(() => {
      let s = 0;
      outsOf(f(inputs)).forEach((o, k) => {
        const d = o.data;
        for (let i = 0; i < d.length; i++) s += d[i] * weights[k][i];
      });
      return s;
    });
  for (const x of inputs) {
    x.requiresGrad = true;
    x.zeroGrad();
  }
  tidy(() => {
    const outs = outsOf(f(inputs));
    outs.forEach((o, k) => {
      o.backward(Tensor.fromArray(weights[k], o.shape));
    });
  });
  inputs.forEach((x, xi) => {
    const analytic = x.grad ? x.grad.toArray() : new Float32Array(x.size);
    for (let i = 0; i < x.size; i++) {
      const orig = x.data[i];
      x.data[i] = orig + h;
      const up = lossValue();
      x.data[i] = orig - h;
      const down = lossValue();
      x.data[i] = orig;
      const numeric = (up - down) / (2 * h);
      const err = Math.abs(analytic[i] - numeric) / Math.max(1, Math.abs(numeric));
      assert.ok(
        err <= tol,
        `${name}: input ${xi} element ${i}: analytic ${analytic[i]} vs numeric ${numeric} (error ${err.toExponential(2)})`,
      );
    }
  });
}

/** A random tensor kept away from kinks (|x| >= margin) so finite differences are valid. */
export function randAway(shape: number[], rng: Rng, margin = 0.05, scale = 1): Tensor {
  const t = Tensor.randn(shape, rng, scale);
  const d = t.data;
  for (let i = 0; i < d.length; i++)
    if (Math.abs(d[i]) < margin) d[i] = d[i] < 0 ? -margin - 0.1 : margin + 0.1;
  return t;
}
