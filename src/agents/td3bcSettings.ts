// Settings of TD3+BC (Fujimoto & Gu 2021), defaults from the authors' code as recorded in
// reference/hyperparameters.md. State normalization (std + 1e-3) is the offline loop's job.
import { z } from "zod";
import {
  activation,
  hiddenSizes,
  MAX_BATCH_SIZE,
  positiveInt,
  positiveNumber,
  unitInterval,
} from "./settingTypes.js";

export const td3bcSettingsSchema = z
  .object({
    actorHiddenSizes: hiddenSizes().default([256, 256]),
    criticHiddenSizes: hiddenSizes().default([256, 256]),
    activation: activation().default("relu"),
    actorLr: positiveNumber().default(3e-4),
    criticLr: positiveNumber().default(3e-4),
    gamma: unitInterval().default(0.99),
    tau: unitInterval().default(0.005),
    /**
     * Not read by the agent (the caller's loop picks its batches; `atradiff train` takes --batch-size
     * and refuses it here). Kept in the schema so that checkpoints and policies saved with it load.
     */
    batchSize: positiveInt(MAX_BATCH_SIZE).default(256),
    /** The BC weight: lambda = alpha / mean |Q(s, pi(s))|. */
    alpha: positiveNumber().default(2.5),
    /** Target policy smoothing: noise std and clip, in action units (max action 1). */
    policyNoise: z
      .number({ invalid_type_error: "must be a number" })
      .min(0, "must be at least 0")
      .default(0.2),
    noiseClip: z.number({ invalid_type_error: "must be a number" }).min(0, "must be at least 0").default(0.5),
    /** Actor and target updates every this many critic updates. */
    policyDelay: positiveInt().default(2),
    /** Critics (twin Q). */
    numCritics: positiveInt().default(2),
    /** act() without `deterministic` adds N(0, explorationNoise^2) to each action (TD3's exploration). */
    explorationNoise: z
      .number({ invalid_type_error: "must be a number" })
      .min(0, "must be at least 0")
      .default(0.1),
  })
  .strict();

export type Td3bcSettings = z.output<typeof td3bcSettingsSchema>;
