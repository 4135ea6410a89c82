// Settings of ATraDiff's augmented replay buffer (§4.2, Algorithm 1) and of its generation queue.
// rho and L are the paper's; the batching and queue settings are ours (generation must not stall
// the agent, see generationQueue.ts).
import { z } from "zod";
import { parseAgentSettings } from "../../agents/parseAgentSettings.js";
import { nonNegativeInt, positiveInt, positiveNumber } from "../../agents/settingTypes.js";

export const augmentedBufferSettingsSchema = z
  .object({
    /** rho: the probability that a sampled transition comes from D_s (§4.2). Below 1: D_o must be sampled too. */
    rho: z
      .number({ invalid_type_error: "must be a number" })
      .min(0, "must be in [0, 1)")
      .lt(1, "must be in [0, 1)")
      .default(0.5),
    /** L: the expected length of a generated trajectory; null = measured by a preliminary generation pass. */
    expectedLength: positiveNumber().nullable().default(null),
    /** Start states of the preliminary pass that measures L (when expectedLength is null). */
    lengthProbeStates: positiveInt().default(256),
    /** Start states per generate call: requests are collected and generated together. */
    generationBatchSize: positiveInt().default(32),
    /**
     * Closed request batches that may wait (being generated) before the oldest must be inserted
     * into D_s; 0 inserts each batch in the store call that closes it (Algorithm 1 literally when
     * generationBatchSize is 1).
     */
    queueLength: nonNegativeInt().default(2),
    /** Capacity of D_s in transitions (a ring, like D_o). */
    syntheticCapacity: positiveInt().default(1_000_000),
    /**
     * No trajectory is requested from the next state of a terminal transition (the MDP ended there;
     * nothing follows it). The request is still drawn, so the random stream does not depend on it.
     */
    skipTerminalStarts: z.boolean({ invalid_type_error: "must be true or false" }).default(true),
  })
  .strict();

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
