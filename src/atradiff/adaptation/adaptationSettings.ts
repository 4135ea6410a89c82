// Settings of ATraDiff's online adaptation (§4.3). The paper gives the TD-error heap of 50,000
// samples with the 5,000 most important drawn per update and the reward buffer of 5,000 samples;
// frequency, fine-tune steps, learning rate, drop fractions and the anti-forgetting pull are not
// given, so they are settings with the defaults documented here.
import { z } from "zod";
import { parseAgentSettings } from "../../agents/parseAgentSettings.js";
import {
  MAX_BATCH_SIZE,
  oneOf,
  positiveInt,
  positiveNumber,
  unitInterval,
} from "../../agents/settingTypes.js";

export const adaptationSettingsSchema = z
  .object({
    /** Importance indicator choosing the real samples to adapt on: TD error, or the return of their trajectory. */
    indicator: oneOf(["td", "reward"] as const).default("td"),
    /** Environment steps between two adaptations of the diffusers. */
    every: positiveInt().default(10_000),
    /** Fine-tuning steps per window diffuser at each adaptation. */
    fineTuneSteps: positiveInt().default(500),
    /** Learning rate of the fine-tuning steps (the pre-training cosine schedule has ended by then). */
    lr: positiveNumber().default(1e-4),
    /** Windows per fine-tuning step. */
    batchSize: positiveInt(MAX_BATCH_SIZE).default(256),
    /** TD indicator: samples kept in the max-heap (the newest, keyed by |TD error|). */
    heapCapacity: positiveInt().default(50_000),
    /** TD indicator: the most important samples drawn per adaptation. */
    topK: positiveInt().default(5_000),
    /** TD indicator: transitions per agent.tdError call when scoring. */
    scoringBatchSize: positiveInt().default(1024),
    /** Reward indicator: samples kept by the return of their trajectory. */
    rewardBufferCapacity: positiveInt().default(5_000),
    /** Reward indicator: after each adaptation the oldest ceil(fraction x capacity) samples are dropped. */
    oldDropFraction: unitInterval().default(0.2),
    /** Reward indicator: then this fraction of the rest is dropped at random, regardless of importance. */
    randomDropFraction: unitInterval().default(0.1),
    /**
     * Against forgetting: after every fine-tuning step each weight moves this fraction of the way
     * back to the frozen copy of the original diffuser (a decoupled L2 pull); 0 turns it off.
     */
    anchorPull: unitInterval().default(1e-3),
  })
  .strict()
  .refine((s) => s.topK <= s.heapCapacity, { message: "topK must not exceed heapCapacity", path: ["topK"] })
  .refine((s) => s.indicator !== "reward" || s.oldDropFraction > 0, {
    message: "must be above 0 with the reward indicator (otherwise a sample could be used forever)",
    path: ["oldDropFraction"],
  });

export type AdaptationSettings = z.output<typeof adaptationSettingsSchema>;
export type AdaptationSettingsInput = z.input<typeof adaptationSettingsSchema>;

export function parseAdaptationSettings(input: unknown): AdaptationSettings {
  return parseAgentSettings("Online adaptation", adaptationSettingsSchema, input);
}
