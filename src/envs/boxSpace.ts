// A Box space with Gymnasium's sample(): each component drawn from the explicit seeded generator it
// is given (same generator state, same sample), by how the component is bounded, as Gymnasium's
// Box.sample does for floats:
// - [low, high] both finite: uniform on [low, high];
// - (-inf, inf): standard normal;
// - [low, inf): low + Exponential(1);
// - (-inf, high]: high - Exponential(1).
// The method lives on the prototype, so a space still crosses to a worker thread (structured
// clone) as its plain shape, low and high.
import type { Rng } from "../engine/rng.js";
import type { Box } from "./types.js";

export class BoxSpace implements Box {
  readonly shape: readonly number[];

  constructor(
    readonly low: Float64Array,
    readonly high: Float64Array,
  ) {
    if (low.length !== high.length)
      throw new Error(`A Box needs low and high of equal length, got ${low.length} and ${high.length}.`);
    for (let i = 0; i < low.length; i++)
      if (Number.isNaN(low[i]) || Number.isNaN(high[i]) || !(low[i] <= high[i]))
        throw new Error(
          `A Box needs low <= high in every component, got [${low[i]}, ${high[i]}] at index ${i}.`,
        );
    this.shape = [low.length];
  }

  /** One point of the space, drawn from `rng` (component by component, in index order). */
  sample(rng: Rng): Float64Array {
    const out = new Float64Array(this.low.length);
    for (let i = 0; i < out.length; i++) {
      const lo = this.low[i];
      const hi = this.high[i];
      const boundedBelow = Number.isFinite(lo);
      const boundedAbove = Number.isFinite(hi);
      if (boundedBelow && boundedAbove) out[i] = rng.uniformIn(lo, hi);
      else if (boundedBelow) out[i] = lo + exponential(rng);
      else if (boundedAbove) out[i] = hi - exponential(rng);
      else out[i] = rng.gaussian();
    }
    return out;
  }

  /** Whether `x` has the space's size and every component lies within its bounds. */
  contains(x: ArrayLike<number>): boolean {
    if (x.length !== this.low.length) return false;
    for (let i = 0; i < x.length; i++) if (!(x[i] >= this.low[i] && x[i] <= this.high[i])) return false;
    return true;
  }
}

/** Exponential(1) by inversion; 1 - u lies in (0, 1], so the logarithm is finite. */
function exponential(rng: Rng): number {
  return -Math.log(1 - rng.uniform());
}
