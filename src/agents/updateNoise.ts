// Where an agent's update() takes its random draws from: Gaussian noise and REDQ's critic subsets.
// Training draws from the agent's seeded train Rng; a reference test (test/agents/sacReference.test.ts,
// redqReference.test.ts) hands the agent and a PyTorch implementation the same fixed draws, named by
// what they are for, as the diffusion sampler's NoiseSource does (src/diffusion/noiseSource.ts).
import type { Rng } from "../engine/rng.js";
import type { AgentOptions } from "./agentOptions.js";
import { sampleMembers } from "./ensembleTarget.js";

export type UpdateNoiseDraw =
  /** Noise of the next action a' in the critic target: SAC's eps' of a' ~ pi(.|s'), TD3's target policy smoothing. */
  | "nextAction"
  /** SAC's eps of the reparameterized a ~ pi(.|s) in the actor (and temperature) loss. */
  | "action";

export interface UpdateNoise {
  /** Fills `out` with independent N(0, std^2) draws. */
  normal(out: Float32Array, draw: UpdateNoiseDraw, std: number): void;
  /** m distinct indices out of n: the target critics whose min a critic target takes (REDQ, RLPD). */
  criticSubset(n: number, m: number): number[];
}

/** Draws from `rng`, in the order update() asks for them. */
export function rngUpdateNoise(rng: Rng): UpdateNoise {
  return {
    normal: (out, _draw, std) => rng.fillGaussian(out, 0, std),
    criticSubset: (n, m) => sampleMembers(rng, n, m),
  };
}

/** The options of an agent whose updates draw Gaussian noise. */
export interface NoisyAgentOptions extends AgentOptions {
  /** The draws of update() (default: the agent's train Rng, saved in its checkpoints). */
  updateNoise?: UpdateNoise;
}
