// Weight initializers. "torch" is PyTorch's nn.Linear default (kaiming_uniform with a = sqrt(5),
// i.e. U(+-1/sqrt(fan_in)) for weights and biases); "xavier" is Glorot uniform; "he" is Kaiming
// normal for ReLU (std sqrt(2 / fan_in)) with zero bias.
import type { Rng } from "../engine/rng.js";

export type InitScheme = "torch" | "xavier" | "he";

/** Fills one layer's weight [out, in] and bias [out] values in place. */
export function initLinear(
  w: Float32Array,
  bias: Float32Array | null,
  fanIn: number,
  fanOut: number,
  scheme: InitScheme,
  rng: Rng,
): void {
  switch (scheme) {
    case "torch": {
      const bound = 1 / Math.sqrt(fanIn);
      rng.fillUniform(w, -bound, bound);
      if (bias) rng.fillUniform(bias, -bound, bound);
      return;
    }
    case "xavier": {
      const bound = Math.sqrt(6 / (fanIn + fanOut));
      rng.fillUniform(w, -bound, bound);
      bias?.fill(0);
      return;
    }
    case "he": {
      rng.fillGaussian(w, 0, Math.sqrt(2 / fanIn));
      bias?.fill(0);
      return;
    }
  }
}
