// Settings of ATraDiff's augmented replay buffer (§4.2, Algorithm 1) and of its generation queue.
// rho and L are the paper's; the batching and insertion schedule is ours (generation must not stall
// the agent, see augmentedReplayBuffer.ts).
import { z } from "zod";
import { parseAgentSettings } from "../../agents/parseAgentSettings.js";
import { MAX_BATCH_SIZE, nonNegativeInt, positiveInt, positiveNumber } from "../../agents/settingTypes.js";

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
    lengthProbeStates: positiveInt(MAX_BATCH_SIZE).default(256),
    /** The most start states per generate call: requests are collected and generated together. */
    generationBatchSize: positiveInt(MAX_BATCH_SIZE).default(32),
    /**
     * A partial request batch is closed (sent to the generator) once its oldest request is this many
     * env steps (store calls) old, so the batch size follows the request rate; 0 closes it in the
     * store call of its first request.
     */
    batchMaxAgeSteps: nonNegativeInt().default(64),
    /**
     * A closed batch goes into D_s this many env steps after it closed: the generator's time to make
     * it (the agent waits only for a batch not ready by then). A trajectory thus enters D_s at most
     * batchMaxAgeSteps + insertAfterSteps env steps after its request; 0 and 0 with batches of 1 is
     * Algorithm 1 literally (generated within the store call).
     */
    insertAfterSteps: nonNegativeInt().default(32),
    /** At most this many closed batches wait; beyond it the oldest is inserted at once (waiting for it if needed). */
    queueLength: nonNegativeInt().default(8),
    /** Capacity of D_s in transitions (a ring, like D_o). */
    syntheticCapacity: positiveInt().default(1_000_000),
    /**
     * No trajectory starts at the next state of a terminal transition (the MDP ended there; nothing
     * follows it): a request drawn there is made at the next non-terminal store instead, so the
     * requests per store, and |D_s| / |D_o|, stay as Algorithm 1 sets them. false: generate from it.
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
