// Settings of ATraDiff's use of its generator during a run: the augmented replay buffer and its
// generation queue (§4.2, Algorithm 1), and the online adaptation of the diffusers (§4.3). rho, L,
// the TD-error heap of 50,000 with the top 5,000 and the reward buffer of 5,000 are the paper's; the
// batching schedule, adaptation frequency, steps, rate, drop fractions and anchor pull are ours.
import { z } from "zod";
import { MAX_BATCH_SIZE, nonNegativeInt, oneOf, positiveInt, positiveNumber, unitInterval } from "./types.js";

export const augmentedBufferSettingsSchema = z
  .object({
    /** rho: the probability that a sampled transition comes from D_s (§4.2). Below 1: D_o must be sampled too. */
    rho: z
      .number({ invalid_type_error: "must be a number" })
      .min(0, "must be in [0, 1)")
      .lt(1, "must be in [0, 1)")
      .default(0.5)
      .describe("rho: the probability that a sampled transition comes from D_s (\u00a74.2); below 1."),
    expectedLength: positiveNumber()
      .nullable()
      .default(null)
      .describe(
        "L: the expected length of a generated trajectory; null = measured by a preliminary generation pass.",
      ),
    lengthProbeStates: positiveInt(MAX_BATCH_SIZE)
      .default(256)
      .describe("Start states of the preliminary pass that measures L (when expectedLength is null)."),
    generationBatchSize: positiveInt(MAX_BATCH_SIZE)
      .default(32)
      .describe("The most start states per generate call: requests are collected and generated together."),
    /**
     * A partial request batch is closed (sent to the generator) once its oldest request is this many
     * env steps (store calls) old, so the batch size follows the request rate; 0 closes it in the
     * store call of its first request.
     */
    batchMaxAgeSteps: nonNegativeInt()
      .default(64)
      .describe("A partial request batch is sent once its oldest request is this many env steps old."),
    /**
     * A closed batch goes into D_s this many env steps after it closed: the generator's time to make
     * it (the agent waits only for a batch not ready by then). A trajectory thus enters D_s at most
     * batchMaxAgeSteps + insertAfterSteps env steps after its request; 0 and 0 with batches of 1 is
     * Algorithm 1 literally (generated within the store call).
     */
    insertAfterSteps: nonNegativeInt()
      .default(32)
      .describe("A sent batch enters D_s this many env steps after it was sent (the generator's time)."),
    queueLength: nonNegativeInt()
      .default(8)
      .describe(
        "At most this many closed batches wait; beyond it the oldest is inserted at once (waiting for it if needed).",
      ),
    syntheticCapacity: positiveInt()
      .default(1_000_000)
      .describe("Capacity of D_s in transitions (a ring, like D_o)."),
    /**
     * No trajectory starts at the next state of a terminal transition (the MDP ended there; nothing
     * follows it): a request drawn there is made at the next non-terminal store instead, so the
     * requests per store, and |D_s| / |D_o|, stay as Algorithm 1 sets them. false: generate from it.
     */
    skipTerminalStarts: z
      .boolean({ invalid_type_error: "must be true or false" })
      .default(true)
      .describe("Never start a trajectory at the next state of a terminal transition (drawn later instead)."),
  })
  .strict();

export type AugmentedBufferSettings = z.output<typeof augmentedBufferSettingsSchema>;
export type AugmentedBufferSettingsInput = z.input<typeof augmentedBufferSettingsSchema>;

export const adaptationSettingsSchema = z
  .object({
    indicator: oneOf(["td", "reward"] as const)
      .default("td")
      .describe(
        "Importance indicator choosing the real samples to adapt on: TD error, or the return of their trajectory.",
      ),
    every: positiveInt()
      .default(10_000)
      .describe("Environment steps between two adaptations of the diffusers."),
    fineTuneSteps: positiveInt()
      .default(500)
      .describe("Fine-tuning steps per window diffuser at each adaptation."),
    lr: positiveNumber()
      .default(1e-4)
      .describe(
        "Learning rate of the fine-tuning steps (the pre-training cosine schedule has ended by then).",
      ),
    batchSize: positiveInt(MAX_BATCH_SIZE).default(256).describe("Windows per fine-tuning step."),
    heapCapacity: positiveInt()
      .default(50_000)
      .describe("TD indicator: samples kept in the max-heap (the newest, keyed by |TD error|)."),
    topK: positiveInt()
      .default(5_000)
      .describe("TD indicator: the most important samples drawn per adaptation."),
    scoringBatchSize: positiveInt()
      .default(1024)
      .describe("TD indicator: transitions per agent.tdError call when scoring."),
    rewardBufferCapacity: positiveInt()
      .default(5_000)
      .describe("Reward indicator: samples kept by the return of their trajectory."),
    oldDropFraction: unitInterval()
      .default(0.2)
      .describe(
        "Reward indicator: after each adaptation the oldest ceil(fraction x capacity) samples are dropped.",
      ),
    randomDropFraction: unitInterval()
      .default(0.1)
      .describe(
        "Reward indicator: then this fraction of the rest is dropped at random, regardless of importance.",
      ),
    /**
     * Against forgetting: after every fine-tuning step each weight moves this fraction of the way
     * back to the frozen copy of the original diffuser (a decoupled L2 pull); 0 turns it off.
     */
    anchorPull: unitInterval()
      .default(1e-3)
      .describe(
        "Against forgetting: fraction of the way each weight moves back to the original diffuser per step; 0 off.",
      ),
  })
  .strict()
  .refine((s) => s.topK <= s.heapCapacity, { message: "topK must not exceed heapCapacity", path: ["topK"] })
  .refine((s) => s.indicator !== "reward" || s.oldDropFraction > 0, {
    message: "must be above 0 with the reward indicator (otherwise a sample could be used forever)",
    path: ["oldDropFraction"],
  });

export type AdaptationSettings = z.output<typeof adaptationSettingsSchema>;
export type AdaptationSettingsInput = z.input<typeof adaptationSettingsSchema>;
