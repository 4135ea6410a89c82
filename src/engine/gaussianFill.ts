// Large seeded Gaussian fills (the diffusion training noise: a batch x row of draws per step) on the
// native backend: the same uniforms drawn in the same order as Rng.fillGaussian, the generator left
// in the same state, and Box-Muller in vectors (native/vmath_f64.h), whose log, sin and cos agree
// with JavaScript's Math functions to about an ulp (not bit for bit: a seed gives the same noise on
// the same backend and instruction set, and float-tolerance-equal noise across backends, like the
// other kernels). On the WebAssembly backend (or without an
// engine) it is Rng.fillGaussian itself. In JavaScript the fill cost about 50 ns a draw, a fifth of
// a bf16 denoiser step on one thread (results/engine.md).
import { currentEngine } from "./engineInstance.js";
import type { Rng } from "./rng.js";

/** Fills below this many draws stay in JavaScript (a native call costs more than it saves). */
const NATIVE_MIN_DRAWS = 1024;

/** rng.fillGaussian(out, mean, std), natively where the engine can. */
export function fillGaussianFast(rng: Rng, out: Float64Array, mean = 0, std = 1): Float64Array {
  const fill = currentEngine()?.gaussianFill;
  if (!fill || out.length < NATIVE_MIN_DRAWS) return rng.fillGaussian(out, mean, std) as Float64Array;
  const st = rng.state;
  const state = new Float64Array([
    st.s[0],
    st.s[1],
    st.s[2],
    st.s[3],
    st.spare === null ? 0 : 1,
    st.spare ?? 0,
  ]);
  fill(out, state, mean, std);
  rng.setState({ s: [state[0], state[1], state[2], state[3]], spare: state[4] !== 0 ? state[5] : null });
  return out;
}
