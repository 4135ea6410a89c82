// Settings of ATraDiff's augmented replay buffer (§4.2, Algorithm 1) and of its generation queue.
// rho and L are the paper's; the batching and insertion schedule is ours (generation must not stall
// the agent, see augmentedReplayBuffer.ts).
import type { z } from "zod";
import { parseAgentSettings } from "../../agents/parseAgentSettings.js";
import { augmentedBufferSettingsSchema } from "../../settings/augmentation.js";

export { augmentedBufferSettingsSchema };

export type AugmentedBufferSettings = z.output<typeof augmentedBufferSettingsSchema>;
export type AugmentedBufferSettingsInput = z.input<typeof augmentedBufferSettingsSchema>;

export function parseAugmentedBufferSettings(input: unknown): AugmentedBufferSettings {
  return parseAgentSettings("The augmented replay buffer", augmentedBufferSettingsSchema, input);
}

/**
 * Algorithm 1's per-store generation probability rho / ((1 - rho) L), which keeps |D_s| / |D_o|
 * near rho / (1 - rho). Above 1 the ratio cannot be reached with one trajectory per store.
 */
export function generationProbability(rho: number, expectedLength: number): number {
  if (!(expectedLength > 0))
    throw new Error(`The expected trajectory length L must be positive, got ${expectedLength}.`);
  const p = rho / ((1 - rho) * expectedLength);
  if (p > 1)
    throw new Error(
      `rho / ((1 - rho) L) = ${p.toFixed(3)} exceeds 1 (rho ${rho}, L ${expectedLength}): lower rho or generate longer trajectories.`,
    );
  return p;
}
